// Imported first by every renderer entry (page and worker). zod (core/document's schema) probes whether it
// may compile validators with `Function('')`; the probe is caught, but under the app's CSP (no eval) the
// browser still reports a violation each time. Telling zod up front to stay jitless skips the probe.
// (The same one line in core/document/schema.ts would cover every host; until then it lives here.)

import { config } from 'zod';

config({ jitless: true });
