/** `npm run docs:profiles`: regenerate the control list and coverage in docs/profiles.md from the shipped profiles. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findCheck } from '../checks/index.js';
import { withCoverageDocs } from '../engine/coverage-docs.js';
import { loadProfile, shippedProfileIds, type Profile } from '../engine/profiles.js';

const file = path.join(import.meta.dirname, '..', 'docs', 'profiles.md');
const profiles: Profile[] = [];
for (const id of await shippedProfileIds()) profiles.push(await loadProfile(id, findCheck));
const before = readFileSync(file, 'utf8');
const after = withCoverageDocs(before, profiles);
if (after !== before) writeFileSync(file, after);
process.stdout.write(`${file}: ${after === before ? 'up to date' : 'updated'}\n`);
