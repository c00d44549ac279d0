// `closurelens explain CODE`: the rule's documentation as the installed server prints it, so the
// Explain Rule command works offline and matches the server's version. No `vscode` import.

import { execFile } from 'child_process';

export function runExplain(command: string, code: string, timeoutMs = 10_000): Promise<string> {
  if (!/^[A-Za-z0-9_-]+$/.test(code)) {
    return Promise.reject(new Error(`not a rule code: ${JSON.stringify(code)}`));
  }
  return new Promise((resolve, reject) => {
    execFile(
      command,
      ['explain', code],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const detail = String(stderr).trim();
          reject(new Error(detail !== '' ? `${error.message}: ${detail}` : error.message));
          return;
        }
        resolve(String(stdout));
      },
    );
  });
}
