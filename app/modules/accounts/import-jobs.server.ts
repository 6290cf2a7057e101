export function registerImportJobs() {}
