/** Where the package's own files live, from the built code (dist/engine) or the sources. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The package root: the folder holding package.json and profiles/. */
export const PACKAGE_ROOT =
  [path.resolve(here, '..'), path.resolve(here, '..', '..')].find((p) => existsSync(path.join(p, 'profiles'))) ??
  path.resolve(here, '..');

export const PROFILES_DIR = path.join(PACKAGE_ROOT, 'profiles');
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
