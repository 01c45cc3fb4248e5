/**
 * The public zod schemas of `ccbridge/protocol`, for anyone who validates
 * with zod: each is made by `toZod` from the same statement ccbridge's own
 * checks run (events.ts, max.ts, actions.ts, envelope.ts), so they cannot drift apart.
 * Each schema is exported with the type of the same name (what a ccbridge
 * host or page produces), so one import gives both.
 */
import { toZod } from './to-zod.js';
import * as actions from './actions.js';
import * as envelope from './envelope.js';
import * as events from './events.js';
import * as max from './max.js';

// Platform events
/** zod schema: A platform boolean: `true`/`false`, or its string form (`"True"`, `"False"`). */
export const Flag = /* @__PURE__ */ toZod(events.Flag);
/** A platform boolean: `true`/`false`, or its string form (`"True"`, `"False"`). */
export type Flag = events.Flag;
/** zod schema: A contact id as platforms and pages send it: a positive safe integer, or its decimal string. */
export const ContactIdValue = /* @__PURE__ */ toZod(events.ContactIdValue);
/** A contact id as platforms and pages send it: a positive safe integer, or its decimal string. */
export type ContactIdValue = events.ContactIdValue;
/** zod schema: The agent session started (CXone `AgentSessionStart`). */
export const AgentSessionStart = /* @__PURE__ */ toZod(events.AgentSessionStart);
/** The agent session started (CXone `AgentSessionStart`). */
export type AgentSessionStart = events.AgentSessionStart;
/** zod schema: The agent session ended: every contact ends with it. */
export const AgentSessionEnd = /* @__PURE__ */ toZod(events.AgentSessionEnd);
/** The agent session ended: every contact ends with it. */
export type AgentSessionEnd = events.AgentSessionEnd;
/** zod schema: The session was ended from elsewhere (a supervisor, another login); it ends like `AgentSessionEnd`. */
export const RemoteAgentSessionEnd = /* @__PURE__ */ toZod(events.RemoteAgentSessionEnd);
/** The session was ended from elsewhere (a supervisor, another login); it ends like `AgentSessionEnd`. */
export type RemoteAgentSessionEnd = events.RemoteAgentSessionEnd;
/** zod schema: The agent's phone was muted or unmuted (`AgentMuted`): agent-wide, not per contact. */
export const Mute = /* @__PURE__ */ toZod(events.Mute);
/** The agent's phone was muted or unmuted (`AgentMuted`): agent-wide, not per contact. */
export type Mute = events.Mute;
/** zod schema: The agent's state: `CurrentState` (`Available`, `Unavailable`, `InboundContact`, `ACW`…), `CurrentOutReason`, after-call work. */
export const AgentState = /* @__PURE__ */ toZod(events.AgentState);
/** The agent's state: `CurrentState` (`Available`, `Unavailable`, `InboundContact`, `ACW`…), `CurrentOutReason`, after-call work. */
export type AgentState = events.AgentState;
/** zod schema: The agent's own phone leg (CXone `AgentLeg`). */
export const AgentLeg = /* @__PURE__ */ toZod(events.AgentLeg);
/** The agent's own phone leg (CXone `AgentLeg`). */
export type AgentLeg = events.AgentLeg;
/** zod schema: A phone call: `ContactID`, `Status` (`Incoming`, `Active`, `Holding`, `Disconnected`…), `ANI`, `DNIS`, `Skill`, `FinalState`. */
export const CallContactEvent = /* @__PURE__ */ toZod(events.CallContactEvent);
/** A phone call: `ContactID`, `Status` (`Incoming`, `Active`, `Holding`, `Disconnected`…), `ANI`, `DNIS`, `Skill`, `FinalState`. */
export type CallContactEvent = events.CallContactEvent;
/** zod schema: A chat or other text contact: the contact fields and `FromAddr`. */
export const TextContactEvent = /* @__PURE__ */ toZod(events.TextContactEvent);
/** A chat or other text contact: the contact fields and `FromAddr`. */
export type TextContactEvent = events.TextContactEvent;
/** zod schema: A work item: the contact fields and `WorkItemId`, `WorkItemPayload`, `WorkItemType`. */
export const WorkItemContactEvent = /* @__PURE__ */ toZod(events.WorkItemContactEvent);
/** A work item: the contact fields and `WorkItemId`, `WorkItemPayload`, `WorkItemType`. */
export type WorkItemContactEvent = events.WorkItemContactEvent;
/** zod schema: The agent's multi-channel settings changed (CXone). */
export const MchAgentSettingsChangeEvent = /* @__PURE__ */ toZod(events.MchAgentSettingsChangeEvent);
/** The agent's multi-channel settings changed (CXone). */
export type MchAgentSettingsChangeEvent = events.MchAgentSettingsChangeEvent;
/** zod schema: A platform indicator (CXone `Indicator`); forwarded as it is. */
export const Indicator = /* @__PURE__ */ toZod(events.Indicator);
/** A platform indicator (CXone `Indicator`); forwarded as it is. */
export type Indicator = events.Indicator;
/** zod schema: The platform asks the desktop to open a page (`URL`). */
export const PageOpen = /* @__PURE__ */ toZod(events.PageOpen);
/** The platform asks the desktop to open a page (`URL`). */
export type PageOpen = events.PageOpen;
/** zod schema: A platform event of a `Type` ccbridge does not know: kept and forwarded, never interpreted. */
export const OtherPlatformEvent = /* @__PURE__ */ toZod(events.OtherPlatformEvent);
/** A platform event of a `Type` ccbridge does not know: kept and forwarded, never interpreted. */
export type OtherPlatformEvent = events.OtherPlatformEvent;
/** zod schema: Any platform event: the known ones by their `Type`, any other as `OtherPlatformEvent`. */
export const PlatformEvent = /* @__PURE__ */ toZod(events.PlatformEvent);
/** Any platform event: the known ones by their `Type`, any other as `OtherPlatformEvent`. */
export type PlatformEvent = events.PlatformEvent;

// Page → host
/** zod schema: A page's registration: `subscriptionTypes`, optional `contactId` and `issuer`, and ccbridge's optional `ccbridge` extensions. */
export const RegisterForClientEvents = /* @__PURE__ */ toZod(max.RegisterForClientEvents);
/** A page's registration: `subscriptionTypes`, optional `contactId` and `issuer`, and ccbridge's optional `ccbridge` extensions. */
export type RegisterForClientEvents = max.RegisterForClientEvents;
/** zod schema: A page ends its subscription. */
export const UnregisterFromClientEvents = /* @__PURE__ */ toZod(max.UnregisterFromClientEvents);
/** A page ends its subscription. */
export type UnregisterFromClientEvents = max.UnregisterFromClientEvents;
/** zod schema: A page tells the desktop the customer's name and picture: `contactCardData: { name, userImg? }`. */
export const ContactCardData = /* @__PURE__ */ toZod(max.ContactCardData);
/** A page tells the desktop the customer's name and picture: `contactCardData: { name, userImg? }`. */
export type ContactCardData = max.ContactCardData;
/** zod schema: One of the seven MAX commands (`AnswerEvent`, `HoldEvent`, `HangupEvent`…), with an optional `contactId`. */
export const CommandMessage = /* @__PURE__ */ toZod(max.CommandMessage);
/** One of the seven MAX commands (`AnswerEvent`, `HoldEvent`, `HangupEvent`…), with an optional `contactId`. */
export type CommandMessage = max.CommandMessage;
/** zod schema: `Dial` (version 1), an action beyond MAX: place an outbound call. */
export const Dial = /* @__PURE__ */ toZod(actions.Dial);
/** `Dial` (version 1), an action beyond MAX: place an outbound call. */
export type Dial = actions.Dial;
/** zod schema: `SetAgentState` (version 1), an action beyond MAX: the agent becomes Available, or Unavailable with a reason. */
export const SetAgentState = /* @__PURE__ */ toZod(actions.SetAgentState);
/** `SetAgentState` (version 1), an action beyond MAX: the agent becomes Available, or Unavailable with a reason. */
export type SetAgentState = actions.SetAgentState;
/** zod schema: `Transfer` (version 1), an action beyond MAX: a blind or consult transfer of the agent's call, or the end of a consult. */
export const Transfer = /* @__PURE__ */ toZod(actions.Transfer);
/** `Transfer` (version 1), an action beyond MAX: a blind or consult transfer of the agent's call, or the end of a consult. */
export type Transfer = actions.Transfer;
/** zod schema: `Conference` (version 1), an action beyond MAX: joins the held caller and the consulted party. */
export const Conference = /* @__PURE__ */ toZod(actions.Conference);
/** `Conference` (version 1), an action beyond MAX: joins the held caller and the consulted party. */
export type Conference = actions.Conference;
/** zod schema: `SetContactData` (version 1), an action beyond MAX: key/values attached to a current contact. */
export const SetContactData = /* @__PURE__ */ toZod(actions.SetContactData);
/** `SetContactData` (version 1), an action beyond MAX: key/values attached to a current contact. */
export type SetContactData = actions.SetContactData;
/** zod schema: `SearchContact` (version 1), desktop → page: search the CRM for a call's caller. */
export const SearchContact = /* @__PURE__ */ toZod(actions.SearchContact);
/** `SearchContact` (version 1), desktop → page: search the CRM for a call's caller. */
export type SearchContact = actions.SearchContact;
/** zod schema: `SearchResult` (version 1), page → desktop: the records that match. */
export const SearchResult = /* @__PURE__ */ toZod(actions.SearchResult);
/** `SearchResult` (version 1), page → desktop: the records that match. */
export type SearchResult = actions.SearchResult;
/** zod schema: `SaveCallLog` (version 1), desktop → page: save a call's log. */
export const SaveCallLog = /* @__PURE__ */ toZod(actions.SaveCallLog);
/** `SaveCallLog` (version 1), desktop → page: save a call's log. */
export type SaveCallLog = actions.SaveCallLog;
/** zod schema: `CallLogSaved` (version 1), page → desktop: the log's id in the CRM. */
export const CallLogSaved = /* @__PURE__ */ toZod(actions.CallLogSaved);
/** `CallLogSaved` (version 1), page → desktop: the log's id in the CRM. */
export type CallLogSaved = actions.CallLogSaved;
/** zod schema: every message beyond MAX a page may post, by its `messageType`. */
export const ActionMessage = /* @__PURE__ */ toZod(actions.ActionMessage);
/** Every message beyond MAX a page may post. */
export type ActionMessage = actions.ActionMessage;
/** zod schema: `EndWrapUp` (version 1), an action beyond MAX: ends after-call work with a disposition and notes. */
export const EndWrapUp = /* @__PURE__ */ toZod(actions.EndWrapUp);
/** `EndWrapUp` (version 1), an action beyond MAX: ends after-call work with a disposition and notes. */
export type EndWrapUp = actions.EndWrapUp;
/** zod schema: `GetWrapUpOptions` (version 1): the dispositions and tags of a contact's skill, answered in the result's `data`. */
export const GetWrapUpOptions = /* @__PURE__ */ toZod(actions.GetWrapUpOptions);
/** `GetWrapUpOptions` (version 1): the dispositions and tags of a contact's skill, answered in the result's `data`. */
export type GetWrapUpOptions = actions.GetWrapUpOptions;
/** zod schema: `GetAgentStateOptions` (version 1): the reasons the agent may give for being unavailable, answered in the result's `data`. */
export const GetAgentStateOptions = /* @__PURE__ */ toZod(actions.GetAgentStateOptions);
/** `GetAgentStateOptions` (version 1): the reasons the agent may give for being unavailable, answered in the result's `data`. */
export type GetAgentStateOptions = actions.GetAgentStateOptions;
/** zod schema: The reasons an agent may give for being unavailable: the `data` of `GetAgentStateOptions`'s result. */
export const AgentStateOptions = /* @__PURE__ */ toZod(actions.AgentStateOptions);
/** The reasons an agent may give for being unavailable: the `data` of `GetAgentStateOptions`'s result. */
export type AgentStateOptions = actions.AgentStateOptions;
/** zod schema: The dispositions and tags of a skill: the `data` of `GetWrapUpOptions`'s result. */
export const WrapUpOptions = /* @__PURE__ */ toZod(actions.WrapUpOptions);
/** The dispositions and tags of a skill: the `data` of `GetWrapUpOptions`'s result. */
export type WrapUpOptions = actions.WrapUpOptions;
/** zod schema: Any message a page sends the desktop. */
export const ChildMessage = /* @__PURE__ */ toZod(max.ChildMessage);
/** Any message a page sends the desktop. */
export type ChildMessage = max.ChildMessage;

// Host → page
/** zod schema: ccbridge's extensions, as a page asks for them and as a host accepts them (`version`, `channel`, `results`, `sequence`, `commands`). */
export const Extensions = /* @__PURE__ */ toZod(envelope.Extensions);
/** ccbridge's extensions, as a page asks for them and as a host accepts them (`version`, `channel`, `results`, `sequence`, `commands`). */
export type Extensions = envelope.Extensions;
/** zod schema: The desktop's answer to a registration: `status` `OK` or `ERROR`, with a `reason`. */
export const ClientEventSubscriptionAcknowledge = /* @__PURE__ */ toZod(envelope.ClientEventSubscriptionAcknowledge);
/** The desktop's answer to a registration: `status` `OK` or `ERROR`, with a `reason`. */
export type ClientEventSubscriptionAcknowledge = envelope.ClientEventSubscriptionAcknowledge;
/** zod schema: The agent's session token, sent to pages granted it. */
export const SessionInfo = /* @__PURE__ */ toZod(envelope.SessionInfo);
/** The agent's session token, sent to pages granted it. */
export type SessionInfo = envelope.SessionInfo;
/** zod schema: A ccbridge desktop's answer to a command (the `results` extension): `status` `OK` or `REFUSED`, the `action` and the `refusal`. */
export const CommandResult = /* @__PURE__ */ toZod(envelope.CommandResult);
/** A ccbridge desktop's answer to a command (the `results` extension): `status` `OK` or `REFUSED`, the `action` and the `refusal`. */
export type CommandResult = envelope.CommandResult;
/** zod schema: An item of an envelope that is not a platform event: an acknowledgement, `SessionInfo` or a `CommandResult`. */
export const ControlItem = /* @__PURE__ */ toZod(envelope.ControlItem);
/** zod schema: A platform event as a page reads it from an envelope (the checks a page runs on each event). */
export const ReceivedEvent = /* @__PURE__ */ toZod(envelope.ReceivedEvent);
/** zod schema: What the desktop posts to a page: `{ issuer, contactId, events }`. */
export const Envelope = /* @__PURE__ */ toZod(envelope.Envelope);
/** What the desktop posts to a page: `{ issuer, contactId, events }`. */
export type Envelope = envelope.Envelope;
