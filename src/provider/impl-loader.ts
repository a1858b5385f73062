// The loader the serialized providers use to reach their implementation module.
//
// - Built through Function: vitest rewrites `import()` expressions in the modules it transforms,
//   which would drag its module runner into the serialized text. This stays a plain dynamic import.
// - The absolute URL recorded in state goes stale when the project moves (a new clone, a renamed
//   folder) while its state stays; then the module is looked up again under the project root
//   (HUBJOBS_ROOT, else the provider's working directory), so old resources can still be deleted
//   and refreshed.
export const importImpl = new Function(
  "url",
  "relativePath",
  `return import(url).catch(function (error) {
    if (!error || error.code !== "ERR_MODULE_NOT_FOUND") throw error;
    var root = process.env.HUBJOBS_ROOT || process.cwd();
    return Promise.all([import("node:path"), import("node:url")]).then(function (m) {
      return import(m[1].pathToFileURL(m[0].resolve(root, relativePath)).href);
    });
  });`,
) as <T>(url: string, relativePath: string) => Promise<T>;
