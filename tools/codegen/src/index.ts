export function runCli(_argv: string[]): number { return 0; }
