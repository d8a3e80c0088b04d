import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../shared/pusher/errors-doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
