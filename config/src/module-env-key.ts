/** `custom-fields` → `CUSTOM_FIELDS`. */
export function moduleEnvPrefix(moduleName: string): string {
  return moduleName.replace(/-/g, '_').toUpperCase();
}

/** (`contacts`, `importMaxRows`) → `CONTACTS_IMPORT_MAX_ROWS`. */
export function moduleEnvKey(moduleName: string, key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
  return `${moduleEnvPrefix(moduleName)}_${snake}`;
}
