import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The installed package's root as a file URI ending in '/': every bundle runs from dist/, and
 * docs/ ships beside it. Both faces (server and command line) resolve rule pages against it.
 */
export const PACKAGE_ROOT = pathToFileURL(path.join(__dirname, '..') + path.sep).toString();
