/**
 * The public zod schemas of `ccbridge/protocol`, for anyone who validates
 * with zod: each is made by `toZod` from the same statement ccbridge's own
 * checks run (events.ts, max.ts, envelope.ts), so they cannot drift apart.
 * Each schema is exported with the type of the same name (what a ccbridge
 * host or page produces), so one import gives both.
 */
import { toZod } from './to-zod.js';
import * as envelope from './envelope.js';
import * as events from './events.js';
import * as max from './max.js';

// Platform events
export const Flag = /* @__PURE__ */ toZod(events.Flag);
export type Flag = events.Flag;
export const ContactIdValue = /* @__PURE__ */ toZod(events.ContactIdValue);
export type ContactIdValue = events.ContactIdValue;
export const AgentSessionStart = /* @__PURE__ */ toZod(events.AgentSessionStart);
export type AgentSessionStart = events.AgentSessionStart;
export const AgentSessionEnd = /* @__PURE__ */ toZod(events.AgentSessionEnd);
export type AgentSessionEnd = events.AgentSessionEnd;
export const RemoteAgentSessionEnd = /* @__PURE__ */ toZod(events.RemoteAgentSessionEnd);
export type RemoteAgentSessionEnd = events.RemoteAgentSessionEnd;
export const Mute = /* @__PURE__ */ toZod(events.Mute);
export type Mute = events.Mute;
export const AgentState = /* @__PURE__ */ toZod(events.AgentState);
export type AgentState = events.AgentState;
export const AgentLeg = /* @__PURE__ */ toZod(events.AgentLeg);
export type AgentLeg = events.AgentLeg;
export const CallContactEvent = /* @__PURE__ */ toZod(events.CallContactEvent);
export type CallContactEvent = events.CallContactEvent;
export const TextContactEvent = /* @__PURE__ */ toZod(events.TextContactEvent);
export type TextContactEvent = events.TextContactEvent;
export const WorkItemContactEvent = /* @__PURE__ */ toZod(events.WorkItemContactEvent);
export type WorkItemContactEvent = events.WorkItemContactEvent;
export const MchAgentSettingsChangeEvent = /* @__PURE__ */ toZod(events.MchAgentSettingsChangeEvent);
export type MchAgentSettingsChangeEvent = events.MchAgentSettingsChangeEvent;
export const Indicator = /* @__PURE__ */ toZod(events.Indicator);
export type Indicator = events.Indicator;
export const PageOpen = /* @__PURE__ */ toZod(events.PageOpen);
export type PageOpen = events.PageOpen;
export const OtherPlatformEvent = /* @__PURE__ */ toZod(events.OtherPlatformEvent);
export type OtherPlatformEvent = events.OtherPlatformEvent;
export const PlatformEvent = /* @__PURE__ */ toZod(events.PlatformEvent);
export type PlatformEvent = events.PlatformEvent;

// Page → host
export const RegisterForClientEvents = /* @__PURE__ */ toZod(max.RegisterForClientEvents);
export type RegisterForClientEvents = max.RegisterForClientEvents;
export const UnregisterFromClientEvents = /* @__PURE__ */ toZod(max.UnregisterFromClientEvents);
export type UnregisterFromClientEvents = max.UnregisterFromClientEvents;
export const ContactCardData = /* @__PURE__ */ toZod(max.ContactCardData);
export type ContactCardData = max.ContactCardData;
export const CommandMessage = /* @__PURE__ */ toZod(max.CommandMessage);
export type CommandMessage = max.CommandMessage;
export const ChildMessage = /* @__PURE__ */ toZod(max.ChildMessage);
export type ChildMessage = max.ChildMessage;

// Host → page
export const Extensions = /* @__PURE__ */ toZod(envelope.Extensions);
export type Extensions = envelope.Extensions;
export const ClientEventSubscriptionAcknowledge = /* @__PURE__ */ toZod(envelope.ClientEventSubscriptionAcknowledge);
export type ClientEventSubscriptionAcknowledge = envelope.ClientEventSubscriptionAcknowledge;
export const SessionInfo = /* @__PURE__ */ toZod(envelope.SessionInfo);
export type SessionInfo = envelope.SessionInfo;
export const CommandResult = /* @__PURE__ */ toZod(envelope.CommandResult);
export type CommandResult = envelope.CommandResult;
export const ControlItem = /* @__PURE__ */ toZod(envelope.ControlItem);
export const ReceivedEvent = /* @__PURE__ */ toZod(envelope.ReceivedEvent);
export const Envelope = /* @__PURE__ */ toZod(envelope.Envelope);
export type Envelope = envelope.Envelope;
