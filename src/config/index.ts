export { readProgramConfig, configDefaults, type ConfigSources } from "./read-config.ts";
export { loadProgramConfig } from "./pulumi-config.ts";
export * from "./types.ts";
export { projectRoot } from "./project-root.ts";
