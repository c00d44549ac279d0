// Entry point VS Code loads (bundled to dist/extension.js). Wiring only.

import type * as vscode from 'vscode';
import { Controller } from './controller';
import { createVscodeHost } from './vscodeHost';

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Controller> {
  controller = new Controller(createVscodeHost(context));
  await controller.start();
  return controller;
}

export async function deactivate(): Promise<void> {
  const current = controller;
  controller = undefined;
  await current?.dispose();
}
