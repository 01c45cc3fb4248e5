// The package's public entry points, as a user imports them (self-reference
// through package.json "exports", against the built dist/).
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('ccbridge/protocol exports the schemas, helpers and state', async () => {
  const protocol = await import('ccbridge/protocol');
  for (const name of ['ChildMessage', 'Envelope', 'readRegistration', 'parsePlatformEvent', 'ContactCenterState', 'BridgeError', 'ErrorCode', 'Refusal', 'AckReason']) {
    assert.ok(name in protocol, `missing export ${name}`);
  }
  const result = protocol.readRegistration(protocol.RegisterForClientEvents.parse({ messageType: 'RegisterForClientEvents', subscriptionTypes: ['ALL'] }));
  assert.deepEqual([...result.registration.subscriptionTypes], ['all']);
});

test('ccbridge/host exports BridgeHost', async () => {
  const host = await import('ccbridge/host');
  assert.equal(typeof host.BridgeHost, 'function');
});

test('ccbridge/host ships type declarations', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  for (const entry of Object.values(pkg.exports)) {
    if (typeof entry === 'string') continue;
    await readFile(new URL(`../../${entry.types}`, import.meta.url));
  }
});

test('ccbridge/client exports BridgeClient; ccbridge/client/element exports the element class', async () => {
  const client = await import('ccbridge/client');
  assert.equal(typeof client.BridgeClient, 'function');
  assert.equal(typeof client.ErrorCode.RegistrationTimeout, 'string');
  const { readFile } = await import('node:fs/promises');
  const element = await readFile(new URL('../../dist/client-element.js', import.meta.url), 'utf8');
  assert.match(element, /customElements\.define\(["']ccbridge-client["']/);
});

test('the build generates custom-elements.json describing <ccbridge-client>', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../custom-elements.json', import.meta.url), 'utf8'));
  const declaration = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.name === 'CcbridgeClientElement');
  assert.ok(declaration, 'CcbridgeClientElement is described');
  assert.deepEqual(declaration.events.map((event) => event.name).sort(), ['ccbridge-acknowledge', 'ccbridge-agent-state-options', 'ccbridge-dial', 'ccbridge-error', 'ccbridge-events', 'ccbridge-statechange', 'ccbridge-wrap-up-options']);
  assert.ok(declaration.attributes.some((attribute) => attribute.name === 'host-origin'));
  assert.ok(declaration.attributes.some((attribute) => attribute.name === 'click-to-dial'));
  assert.ok(declaration.members.some((member) => member.name === 'serve'), 'the serve property (search and call log handlers)');
});

test('custom-elements.json declares the tag at the module users import, with typed events', async () => {
  const { readFile, access } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../custom-elements.json', import.meta.url), 'utf8'));
  assert.deepEqual(manifest.modules.map((module) => module.path), ['dist/client-element.js']);
  const [module] = manifest.modules;
  await access(new URL(`../../${module.path}`, import.meta.url));
  const [declaration] = module.declarations;
  assert.equal(declaration.tagName, 'ccbridge-client');
  assert.equal(declaration.customElement, true);
  assert.deepEqual(module.exports.find((entry) => entry.kind === 'custom-element-definition'), {
    kind: 'custom-element-definition',
    name: 'ccbridge-client',
    declaration: { name: 'CcbridgeClientElement', module: 'dist/client-element.js' },
  });
  assert.ok(module.exports.some((entry) => entry.kind === 'js' && entry.name === 'CcbridgeClientElement'));
  const types = Object.fromEntries(declaration.events.map((event) => [event.name, event.type?.text]));
  assert.equal(types['ccbridge-acknowledge'], 'CustomEvent<ClientEventSubscriptionAcknowledge>');
  assert.match(types['ccbridge-statechange'], /^CustomEvent<\{ agentState: AgentState \| undefined; contacts: readonly ContactEvent\[\] \}>$/);
  assert.match(types['ccbridge-error'], /^CustomEvent<\{ error: BridgeError \}>$/);
  assert.match(types['ccbridge-events'], /^CustomEvent<\{ events: readonly PlatformEvent\[\]; envelope: Envelope \}>$/);
});
