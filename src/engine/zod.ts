// zod as Model Lab uses it (the run record, the protocol): configured before any schema exists. A zod object schema decides
// at construction whether it may compile a fast parser with `new Function`; in a webview the CSP
// forbids eval, and even the probe (caught) is reported as a violation. Every file with a schema (engine io, protocol)
// imports z from here, never from 'zod', so the setting comes first whichever file a page imports first.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
