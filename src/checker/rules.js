// @ts-check
/**
 * The checker's verdicts. MAX's rules themselves are not restated here: what
 * a page sent was judged by the real `BridgeHost` while the shift played
 * (acknowledgements, rejections, command refusals, each with the host's own
 * code and words); these rules only sort the host's findings, add what the
 * checker saw around the page (target origins, forged envelopes, errors), and
 * state what NICE's own host would do differently, from the facts in
 * docs/protocol.md#on-nices-cxone-agent-host. Every rule is described in
 * docs/checker.md, under its id.
 */

/** @import { Facts } from './run.js' */

/**
 * Whether the page's headers forbid a desktop at `desktopOrigin` to frame it
 * (the `frame` rule; the runner asks too, so as not to wait for such a page).
 * @param {Record<string, string>} headers
 * @param {string} desktopOrigin
 */
export function framingRefused(headers, desktopOrigin) {
  const frameOptions = headers['x-frame-options'];
  if (frameOptions !== undefined && /deny|sameorigin/i.test(frameOptions)) return true;
  const ancestors = frameAncestors(headers);
  return ancestors !== undefined && !ancestors.split(/\s+/).some((source) => source === '*' || source === desktopOrigin);
}

/**
 * The `frame-ancestors` directive of the page's Content-Security-Policy, if any.
 * @param {Record<string, string>} headers
 */
export function frameAncestors(headers) {
  return /frame-ancestors\s+([^;]*)/i.exec(headers['content-security-policy'] ?? '')?.[1]?.trim();
}

/** @typedef {'pass' | 'warn' | 'fail' | 'skip'} Verdict */
/**
 * @typedef {object} RuleResult
 * @property {string} id
 * @property {string} title
 * @property {'page' | 'portability'} group
 * @property {Verdict} verdict
 * @property {string} detail what was seen
 * @property {string | null} advice what to do, when not a pass
 * @property {string} docs where the rule is explained
 */

const DOCS = 'ccbridge/docs/checker.md';
const PROTOCOL = 'ccbridge/docs/protocol.md';

/**
 * @param {string} id
 * @param {string} title
 * @param {'page' | 'portability'} group
 * @param {string} protocol the protocol section the rule rests on
 */
const rule = (id, title, group, protocol) => ({ id, title, group, protocol });

/** Every rule, in report order; docs/checker.md has a section for each id. */
export const RULES = [
  rule('frame', 'The page can be framed', 'page', `${PROTOCOL}#page--desktop`),
  rule('registration', 'It registers and is acknowledged OK', 'page', `${PROTOCOL}#desktop--page`),
  rule('target-origin', 'It posts to the desktop\'s origin', 'page', `${PROTOCOL}#page--desktop`),
  rule('issuer-check', 'It ignores envelopes with another issuer', 'page', `${PROTOCOL}#desktop--page`),
  rule('source-check', 'It ignores envelopes from other windows', 'page', `${PROTOCOL}#desktop--page`),
  rule('duplicate-registration', 'It registers once per load', 'page', `${PROTOCOL}#desktop--page`),
  rule('subscription-types', 'Its subscription fits where it runs', 'page', `${PROTOCOL}#subscription-types`),
  rule('commands', 'Its commands are valid when sent', 'page', `${PROTOCOL}#page--desktop`),
  rule('contact-card', 'Its contact cards are accepted', 'page', `${PROTOCOL}#page--desktop`),
  rule('messages', 'Everything else it sends is accepted', 'page', `${PROTOCOL}#page--desktop`),
  rule('reload', 'It registers again after a reload', 'page', `${PROTOCOL}#desktop--page`),
  rule('contact-panel', 'It registers as a contact panel', 'page', `${PROTOCOL}#subscription-types`),
  rule('errors', 'No uncaught exceptions or console errors', 'page', `${PROTOCOL}#events`),
  rule('responsive', 'It finishes the shift', 'page', `${PROTOCOL}#events`),
  rule('scenario', 'The scenario played as written', 'page', `${PROTOCOL}#events`),
  rule('nice-issuer', 'NICE: accepts the issuer CXA', 'portability', `${PROTOCOL}#on-nices-cxone-agent-host`),
  rule('nice-ack-order', 'NICE: acknowledgement after the initial state', 'portability', `${PROTOCOL}#on-nices-cxone-agent-host`),
  rule('nice-subscriptions', 'NICE: the same events for its subscription', 'portability', `${PROTOCOL}#on-nices-cxone-agent-host`),
  rule('nice-contact-card', 'NICE: contact cards', 'portability', `${PROTOCOL}#on-nices-cxone-agent-host`),
];

/** @param {readonly string[]} items */
const list = (items) => items.map((item) => `'${item}'`).join(', ');

/**
 * Judges what happened.
 * @param {Facts} facts
 * @returns {RuleResult[]}
 */
export function judge(facts) {
  const { page } = facts;
  const first = page.registrations[0];
  const registered = page.registrations.some((registration) => registration.acknowledgement.status === 'OK');
  const rejections = [...page.rejections, ...(facts.panelPage?.rejections ?? [])].filter((rejection) => rejection.detail !== 'not a MAX client message');
  const commands = [...page.commands, ...(facts.panelPage?.commands ?? [])];
  const cards = [...page.cards, ...(facts.panelPage?.cards ?? [])];
  const registrationsPosted = facts.posted.filter((posted) => posted.messageType === 'RegisterForClientEvents');
  const probe = (/** @type {string} */ kind) => facts.probes.find((found) => found.kind === kind);
  /** @type {Record<string, [Verdict, string, string | null]>} */
  const found = {};

  // frame
  const frameOptions = facts.headers['x-frame-options'];
  const ancestors = frameAncestors(facts.headers);
  if (framingRefused(facts.headers, facts.desktopOrigin)) {
    found['frame'] = frameOptions !== undefined && /deny|sameorigin/i.test(frameOptions)
      ? ['fail', `the page is served with X-Frame-Options: ${frameOptions}, so no desktop of another origin can frame it`, 'drop X-Frame-Options and list the desktop\'s origin in Content-Security-Policy: frame-ancestors']
      : ['fail', `its Content-Security-Policy has frame-ancestors ${ancestors}, which does not list the desktop (${facts.desktopOrigin})`, 'list your desktop\'s origin in frame-ancestors; to check the page at the origin it lists, pass --desktop-origin'];
  } else {
    found['frame'] = ['pass', facts.loaded ? 'the page loaded in a cross-origin frame' : 'the page did not load', null];
  }

  // registration
  if (first === undefined) {
    const elsewhere = registrationsPosted.find((posted) => posted.target !== '*' && posted.target !== facts.desktopOrigin);
    found['registration'] = [
      'fail',
      registrationsPosted.length === 0 ? 'the page never sent RegisterForClientEvents to its parent' : 'the desktop never received the page\'s RegisterForClientEvents',
      elsewhere !== undefined
        ? `it posted its registration to ${elsewhere.target}: run the check with --desktop-origin ${elsewhere.target}, and in production take the desktop's origin from configuration`
        : 'post { messageType: \'RegisterForClientEvents\', subscriptionTypes: [\'all\'] } to window.parent once the page has loaded',
    ];
  } else if (!registered) {
    const { reason } = first.acknowledgement;
    found['registration'] = ['fail', `acknowledged ERROR: ${String(reason)} (subscription types ${list(first.subscriptionTypes)}, contactId ${String(first.contactId)})`, 'fix the registration; the desktop stores nothing on ERROR, so the page receives nothing'];
  } else {
    found['registration'] = ['pass', `registered for ${list(first.subscriptionTypes)}${first.contactId === null ? '' : ` (contact ${first.contactId})`}, acknowledged OK`, null];
  }

  // target-origin
  const targets = [...new Set(facts.posted.map((posted) => posted.target))];
  const wrong = targets.filter((target) => target !== '*' && target !== facts.desktopOrigin);
  if (facts.posted.length === 0) {
    found['target-origin'] = registered ? ['skip', 'not seen: the page posts through window.top or window.opener, which the checker cannot watch', null] : ['skip', 'the page posted nothing to its parent', null];
  } else if (wrong.length > 0) {
    found['target-origin'] = ['fail', `it posted to ${list(wrong)}, which is not the desktop's origin (${facts.desktopOrigin}): the browser dropped those messages`, 'post to the desktop\'s origin, taken from configuration; to check a page that expects a fixed desktop, pass --desktop-origin'];
  } else if (targets.includes('*')) {
    found['target-origin'] = ['warn', `it posts to '*' (${facts.posted.filter((posted) => posted.target === '*').length} of ${facts.posted.length} messages)`, 'whatever document is the parent when the message lands reads it; post to the desktop\'s exact origin. MAX\'s own examples use \'*\', so it works, but then check the issuer and the source of what you receive']; 
  } else {
    found['target-origin'] = ['pass', `every message went to ${facts.desktopOrigin}`, null];
  }

  // issuer-check and source-check
  const issuerProbe = probe('issuer');
  const intruderProbe = probe('intruder');
  const unseen = /** @type {[Verdict, string, string | null]} */ (['warn', 'could not tell: the page never showed a call\'s number or contact id, so its reaction to a forged envelope could not be seen', 'show the caller\'s number (ANI) or the contact id in the page, or check this with your own test (docs/page-authors.md#testing-your-page-ccbridgetesting)']);
  if (issuerProbe === undefined) found['issuer-check'] = registered ? unseen : ['skip', 'the page did not register', null];
  else if (issuerProbe.shown) found['issuer-check'] = ['fail', 'the page showed a call from an envelope whose issuer was \'FORGED\'', `compare event.data.issuer with your desktop's issuer ('${facts.issuer}') before reading the events`];
  else found['issuer-check'] = ['pass', 'the page ignored an envelope with the issuer \'FORGED\'', null];
  if (intruderProbe === undefined) found['source-check'] = registered ? unseen : ['skip', 'the page did not register', null];
  else if (intruderProbe.shown) found['source-check'] = ['fail', `the page showed a call from an envelope another origin's window posted (issuer '${facts.issuer}', as the desktop's)`, 'accept only messages whose event.source is window.parent and whose event.origin is the desktop\'s'];
  else found['source-check'] = ['pass', 'the page ignored an envelope posted by another origin\'s window', null];

  // duplicate-registration
  const duplicates = rejections.filter((rejection) => rejection.refusal === 'DUPLICATE_REGISTRATION');
  found['duplicate-registration'] = duplicates.length > 0
    ? ['fail', `${duplicates.length} registration${duplicates.length === 1 ? ' was' : 's were'} sent by a window already subscribed: a MAX desktop ignores ${duplicates.length === 1 ? 'it' : 'them'} without a reply`, 'register once per page load; to change the subscription, send UnregisterFromClientEvents first']
    : registered ? ['pass', `${page.registrations.length} registration${page.registrations.length === 1 ? '' : 's'}, none repeated`, null] : ['skip', 'the page did not register', null];

  // subscription-types
  if (first === undefined || !registered) found['subscription-types'] = ['skip', 'the page did not register', null];
  else if (first.subscriptionTypes.includes('contact') && first.contactId === null && !first.subscriptionTypes.includes('all') && !first.subscriptionTypes.includes('contacts')) {
    found['subscription-types'] = ['warn', `a workspace registered for ${list(first.subscriptionTypes)} with no contactId: 'contact' gives it nothing`, 'a page that stays open across calls subscribes to \'all\' or \'contacts\'; \'contact\' is for a contact panel or a registration naming its contactId'];
  } else found['subscription-types'] = ['pass', `${list(first.subscriptionTypes)}`, null];

  // commands
  const refused = commands.filter((command) => command.refusal !== null);
  const hard = refused.filter((command) => ['INVALID_IN_STATE', 'NO_SUCH_CONTACT', 'AMBIGUOUS_CONTACT', 'NOT_PERMITTED', 'NO_CONTROLLER'].includes(String(command.refusal)));
  const commandRejections = rejections.filter((rejection) => /^invalid (Answer|Refuse|Hold|Mute|Mask|Record|Hangup)Event/.test(rejection.detail));
  if (hard.length > 0 || commandRejections.length > 0) {
    const lines = [...hard.map((command) => `${command.messageType} refused ${String(command.refusal)}${command.contactId === null ? '' : ` (contact ${command.contactId})`}`), ...commandRejections.map((rejection) => rejection.detail)];
    found['commands'] = ['fail', lines.slice(0, 5).join('; ') + (lines.length > 5 ? `; and ${lines.length - 5} more` : ''), 'send a command only when the contact is in a state it applies to (an AnswerEvent while it is offered, a HoldEvent while it is active…), and name the contactId when more than one contact is current'];
  } else if (refused.length > 0) {
    found['commands'] = ['warn', refused.map((command) => `${command.messageType} refused ${String(command.refusal)}`).join('; '), 'wait for the platform to confirm a command (the next event) before sending the next one for the same contact'];
  } else found['commands'] = commands.length === 0 ? ['skip', 'the page sent no commands', null] : ['pass', `${commands.length} command${commands.length === 1 ? '' : 's'} carried out: ${[...new Set(commands.map((command) => command.messageType))].join(', ')}`, null];

  // contact-card
  const cardRejections = rejections.filter((rejection) => rejection.detail.includes('ContactCardData'));
  if (cardRejections.length > 0) found['contact-card'] = ['fail', cardRejections.map((rejection) => `${rejection.refusal}: ${rejection.detail}`).slice(0, 3).join('; '), 'send { messageType: \'ContactCardData\', contactCardData: { name, userImg } } with a name of 1 to 512 characters, and userImg an https: URL, a URL of the page\'s own origin, or a png/jpeg/gif/webp data: image under 1 MiB'];
  else {
    const largest = Math.max(0, ...facts.posted.filter((posted) => posted.messageType === 'ContactCardData').map((posted) => posted.bytes));
    const size = largest === 0 ? '' : `; the largest message ${(largest / 1024).toFixed(1)} KiB`;
    const images = cards.filter((card) => card.userImg !== undefined).map((card) => (card.userImg ?? '').startsWith('data:') ? 'a data: image' : card.userImg);
    found['contact-card'] = cards.length === 0 ? ['skip', 'the page sent no contact card', null] : ['pass', `${cards.length} card${cards.length === 1 ? '' : 's'} accepted (${cards.map((card) => JSON.stringify(card.name)).slice(0, 3).join(', ')})${images.length > 0 ? `, images: ${[...new Set(images)].slice(0, 3).join(', ')}` : ''}${size}`, null];
  }

  // messages
  const other = rejections.filter((rejection) => !duplicates.includes(rejection) && !cardRejections.includes(rejection) && !commandRejections.includes(rejection));
  found['messages'] = other.length > 0
    ? ['fail', other.slice(0, 5).map((rejection) => `${rejection.refusal}: ${rejection.detail}`).join('; '), 'see the refusal code in docs/desktop-builders.md#log-codes']
    : ['pass', 'the desktop refused nothing else', null];

  // reload
  if (facts.reload === null) found['reload'] = ['skip', 'the scenario has no reload', null];
  else if (!registered) found['reload'] = ['skip', 'the page did not register', null];
  else found['reload'] = facts.reload.after > facts.reload.before ? ['pass', 'the reloaded page registered again', null] : ['fail', 'after a reload the page did not register again: the agent would see nothing until the desktop restarts', 'register on every load (DOMContentLoaded or load), not once per session'];

  // contact-panel
  if (facts.panel === null) found['contact-panel'] = ['skip', 'no --panel given', null];
  else {
    const panels = [...(facts.panelPage ?? page).registrations].filter((registration) => registration.contactId !== null);
    found['contact-panel'] = facts.calls === 0 ? ['skip', 'the scenario has no calls', null]
      : panels.length >= facts.calls ? ['pass', `a panel registered for each of the ${facts.calls} calls`, null]
      : ['fail', `${panels.length} of ${facts.calls} contact panels registered`, 'a contact panel registers as a workspace does; the desktop binds it to its contact'];
  }

  // errors
  const consoleErrors = facts.console.filter((line) => line.type === 'error');
  if (facts.exceptions.length > 0) found['errors'] = ['fail', `${facts.exceptions.length} uncaught: ${facts.exceptions.slice(0, 3).join('; ')}`, 'an uncaught exception in a message listener can stop the page from following the call'];
  else if (consoleErrors.length > 0) found['errors'] = ['warn', `${consoleErrors.length} console error${consoleErrors.length === 1 ? '' : 's'}: ${consoleErrors.slice(0, 3).map((line) => line.text).join('; ')}`, 'look at each; a desktop may treat console errors as faults'];
  else found['errors'] = ['pass', 'none', null];

  // responsive
  found['responsive'] = facts.stopped !== null ? ['fail', facts.stopped, 'a page must not block its event loop: a hung frame takes the agent\'s tool with it'] : ['pass', `all ${facts.steps.length} steps played`, null];

  // scenario
  const notPlayed = facts.steps.filter((step) => step.problem !== null);
  found['scenario'] = notPlayed.length > 0 ? ['warn', notPlayed.map((step) => `line ${step.line}, ${step.what}: ${step.problem}`).join('; '), 'fix the scenario: the step did not fit the call\'s state'] : ['pass', `${facts.steps.length} steps`, null];

  // NICE portability
  const cxa = probe('cxa');
  if (cxa === undefined) found['nice-issuer'] = ['skip', 'could not tell (see issuer-check)', null];
  else if (!cxa.shown && facts.issuer !== 'CXA') found['nice-issuer'] = ['warn', 'the page ignored an envelope from the desktop with the issuer \'CXA\'', 'NICE\'s CXone Agent sends issuer \'CXA\': accept the issuers of every desktop the page runs in (\'MAX\', \'CXA\', \'CXoneAgent\'), from configuration'];
  else found['nice-issuer'] = ['pass', 'the page accepted an envelope with the issuer \'CXA\'', null];
  found['nice-ack-order'] = registered
    ? ['skip', 'a fact, not a test: NICE\'s host sends the initial state first and the acknowledgement last, in the same envelope', 'read every event of an envelope whatever its order; do not wait for the acknowledgement before reading events']
    : ['skip', 'the page did not register', null];
  const types = first?.subscriptionTypes ?? [];
  const differ = [
    ...(types.includes('contacts') && !types.includes('all') ? ['a \'contacts\' subscription gets no live contact events there'] : []),
    ...(types.includes('contact') && !types.includes('all') ? ['a \'contact\' subscription gets no live events of its contact there'] : []),
    ...(types.includes('agent') && !types.includes('all') ? ['an \'agent\' subscription gets every contact event there'] : []),
  ];
  found['nice-subscriptions'] = !registered ? ['skip', 'the page did not register', null]
    : differ.length > 0 ? ['warn', `${list(types)}: on NICE's host ${differ.join('; ')}`, 'subscribe to \'all\' and filter by Type and ContactID in the page: it behaves alike on every host']
    : ['pass', `${list(types)} gets the same events on NICE's host`, null];
  found['nice-contact-card'] = cards.length + cardRejections.length === 0 ? ['skip', 'the page sent no contact card', null] : ['warn', 'NICE\'s host ignores ContactCardData', 'treat the contact card as optional: show the customer in the page too'];

  return RULES.map(({ id, title, group, protocol }) => {
    const [verdict, detail, advice] = found[id] ?? ['skip', 'not judged', null];
    return { id, title, group, verdict, detail, advice, docs: `${DOCS}#${id}`, protocol };
  });
}
