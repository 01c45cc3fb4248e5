import { runCheck } from './src/checker/run.js';
import { parseScenario } from './src/checker/scenario.js';
const f = await runCheck({ url: 'http://127.0.0.1:8123/demo/crm/max-page.html', panel: null, steps: parseScenario('agent Available\nreload\n'), browserPath: '/usr/bin/chromium', progress: console.log });
console.log(f.posted, f.page.registrations.length, f.page.rejections, f.page.unsubscriptions);
