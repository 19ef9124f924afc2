/** The version in package.json, written into the bundles by scripts/build.mjs (esbuild's define). */
declare const PACKAGE_VERSION: string;
