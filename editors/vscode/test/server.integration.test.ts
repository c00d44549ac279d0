// The real closurelens binary, driven through vscode-languageserver-protocol / vscode-jsonrpc (the
// protocol libraries inside VS Code's language client) with the client capabilities VS Code 1.82
// declares. Binary: $CLOSURELENS_BIN, else ../../build/server/closurelens. Nothing leaves the
// machine: the server talks over its stdin/stdout only.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  CodeActionTriggerKind,
  ConfigurationRequest,
  DiagnosticSeverity,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  SemanticTokensRequest,
  ShutdownRequest,
  TextDocumentSyncKind,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type InitializeResult,
  type MarkupContent,
  type Position,
  type ProtocolConnection,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { runExplain } from '../src/explain';
import { ruleDocUrl } from '../src/rules';
import { toServerSettings } from '../src/settings';
import { FIXTURES, manifest, serverBinary } from './support/paths';

const BIN = serverBinary();
const HAVE_BIN = fs.existsSync(BIN);
// Run when the binary is there; when it was named explicitly and is missing, fail loudly.
const SKIP = !HAVE_BIN && process.env['CLOSURELENS_BIN'] === undefined
  ? `no server at ${BIN} (build it or set CLOSURELENS_BIN)`
  : false;

const FIXTURE = path.join(FIXTURES, 'missing_wraps.py');
const FIXTURE_URI = pathToFileURL(FIXTURE).href;

function readCapabilities(): ClientCapabilities {
  const file = path.join(FIXTURES, 'vscode-client-capabilities.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ClientCapabilities;
}

/** Position of the first occurrence of `needle` (UTF-16 columns, as JS strings count). */
function positionOf(text: string, needle: string, offsetInNeedle = 0): Position {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `fixture contains ${needle}`);
  const before = text.slice(0, index + offsetInNeedle);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i += 1) offset += (lines[i] ?? '').length + 1;
  return offset + position.character;
}

/** The text edits a WorkspaceEdit makes to one document, in either of its shapes. */
function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const [target, edits] of Object.entries(edit.changes ?? {})) {
    if (target === uri) out.push(...edits);
  }
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) {
      out.push(...change.edits.map((e) => ({ range: e.range, newText: e.newText })));
    }
  }
  return out;
}

/** Applies edits whose ranges refer to the original text (LSP semantics): last first. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort(
    (a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start),
  );
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offsetAt(text, edit.range.start)) + edit.newText + out.slice(offsetAt(text, edit.range.end));
  }
  return out;
}

function isCodeAction(item: Command | CodeAction): item is CodeAction {
  return !('command' in item && typeof item.command === 'string');
}

interface Session {
  child: ChildProcess;
  connection: ProtocolConnection;
  stderr: string[];
  configurationRequests: unknown[];
  pushed: Map<string, Diagnostic[]>;
  exitCode: Promise<number | null>;
}

function startServer(): Session {
  const child = spawn(BIN, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exitCode = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const session: Session = {
    child,
    connection,
    stderr,
    configurationRequests: [],
    pushed: new Map(),
    exitCode,
  };
  // What VS Code's client answers to the server's own requests.
  connection.onRequest(ConfigurationRequest.type, (params) => {
    session.configurationRequests.push(params);
    return params.items.map((item) =>
      item.section === 'closurelens' ? toServerSettings(() => undefined) : null,
    );
  });
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    session.pushed.set(params.uri, params.diagnostics);
  });
  connection.onNotification(LogMessageNotification.type, () => undefined);
  connection.listen();
  return session;
}

describe('closurelens server through the VS Code protocol libraries', { skip: SKIP }, () => {
  let session: Session;
  let init: InitializeResult;
  const text = fs.readFileSync(FIXTURE, 'utf8');
  let missingWraps: Diagnostic | undefined;

  before(async () => {
    assert.ok(fs.existsSync(BIN), `closurelens binary at ${BIN}`);
    session = startServer();
    init = await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.82.0' },
      locale: 'en',
      rootPath: FIXTURES,
      rootUri: pathToFileURL(FIXTURES).href,
      workspaceFolders: [{ uri: pathToFileURL(FIXTURES).href, name: 'fixtures' }],
      capabilities: readCapabilities(),
      initializationOptions: toServerSettings(() => undefined),
      trace: 'off',
    });
    await session.connection.sendNotification(InitializedNotification.type, {});
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: FIXTURE_URI, languageId: 'python', version: 1, text },
    });
  });

  after(async () => {
    session?.connection.dispose();
    if (session !== undefined && session.child.exitCode === null) session.child.kill();
  });

  it('negotiates UTF-16, incremental sync and the features the extension relies on', () => {
    const caps = init.capabilities;
    assert.equal(init.serverInfo?.name, 'closurelens');
    assert.equal(caps.positionEncoding ?? 'utf-16', 'utf-16');
    const sync = caps.textDocumentSync;
    const change = typeof sync === 'number' ? sync : sync?.change;
    assert.equal(change, TextDocumentSyncKind.Incremental);
    assert.ok(caps.hoverProvider);
    assert.ok(caps.diagnosticProvider, 'pull diagnostics offered to a client that declares them');
    const actionKinds =
      typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds ?? [] : [];
    assert.ok(actionKinds.includes(CodeActionKind.QuickFix), `quickfix in ${actionKinds.join(', ')}`);
    assert.ok(actionKinds.includes('source.fixAll.closurelens'));
  });

  it('hovers over a wrapper with its closure cells (co_freevars)', async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: FIXTURE_URI },
      position: positionOf(text, 'def wrapper', 'def '.length + 2),
    });
    assert.ok(hover, 'a hover');
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /co_freevars/);
    assert.match(contents.value, /func/);
    assert.match(contents.value, /prefix/);
  });

  it('reports CL201 through textDocument/diagnostic with a link to the rule', async () => {
    const report = await session.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: FIXTURE_URI },
    });
    assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
    assert.ok(report.kind === DocumentDiagnosticReportKind.Full);
    missingWraps = report.items.find((item) => item.code === 'CL201');
    assert.ok(missingWraps, `CL201 among ${JSON.stringify(report.items.map((item) => item.code))}`);
    assert.equal(missingWraps.source, 'closurelens');
    assert.equal(missingWraps.severity, DiagnosticSeverity.Warning);
    assert.equal(missingWraps.codeDescription?.href, ruleDocUrl('CL201'));
    assert.deepEqual(missingWraps.range.start, positionOf(text, 'wrapper('));
  });

  it('marks captured names with the semantic-token modifiers the extension contributes', async () => {
    const legend = init.capabilities.semanticTokensProvider?.legend;
    assert.ok(legend, 'a semantic-tokens legend');
    const contributed = manifest().contributes.semanticTokenModifiers.map((m) => m.id).sort();
    assert.deepEqual([...legend.tokenModifiers].sort(), contributed);
    const tokens = await session.connection.sendRequest(SemanticTokensRequest.type, {
      textDocument: { uri: FIXTURE_URI },
    });
    assert.ok(tokens, 'semantic tokens');
    // Decode the relative encoding into (line, character, text, modifiers).
    const lines = text.split('\n');
    const decoded: { line: number; character: number; text: string; modifiers: string[] }[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i + 4 < tokens.data.length; i += 5) {
      const [deltaLine, deltaStart, length, , bits] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += deltaLine;
      character = deltaLine === 0 ? character + deltaStart : deltaStart;
      decoded.push({
        line,
        character,
        text: (lines[line] ?? '').slice(character, character + length),
        modifiers: legend.tokenModifiers.filter((_, bit) => (bits & (1 << bit)) !== 0),
      });
    }
    const call = positionOf(text, 'return func(', 'return '.length);
    const free = decoded.find((t) => t.line === call.line && t.character === call.character);
    assert.deepEqual(free && { text: free.text, modifiers: free.modifiers }, { text: 'func', modifiers: ['freeVariable'] });
    const param = positionOf(text, 'logged(func)', 'logged('.length);
    const cell = decoded.find((t) => t.line === param.line && t.character === param.character);
    assert.deepEqual(cell && { text: cell.text, modifiers: cell.modifiers }, { text: 'func', modifiers: ['cellVariable'] });
  });

  it('answers inlay hints for captures and the decorator application', async () => {
    const hints = await session.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri: FIXTURE_URI },
      range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
    });
    assert.ok(hints && hints.length > 0, 'inlay hints');
    const labels = hints.map((hint) =>
      typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''),
    );
    assert.ok(labels.some((label) => label.includes('func') && label.includes('prefix')), labels.join(' | '));
    assert.ok(labels.some((label) => label.includes('greet = logged(greet)')), labels.join(' | '));
  });

  it('offers a preferred quick fix that adds @functools.wraps(func) and the import', async () => {
    assert.ok(missingWraps, 'the CL201 diagnostic of the previous test');
    const actions = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: FIXTURE_URI },
      range: missingWraps.range,
      context: { diagnostics: [missingWraps], triggerKind: CodeActionTriggerKind.Invoked },
    });
    assert.ok(actions && actions.length > 0, 'code actions');
    const preferred = actions.filter(isCodeAction).filter((a) => a.isPreferred === true);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const fix = preferred[0]!;
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['CL201']);
    assert.ok(fix.edit, 'the fix carries its edit');
    const edits = editsFor(fix.edit, FIXTURE_URI);
    assert.ok(edits.some((edit) => edit.newText.includes('@functools.wraps(func)')));
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /^ {4}@functools\.wraps\(func\)\n {4}def wrapper\(\*args, \*\*kwargs\):$/m);
    assert.match(fixed, /^import functools$/m);
    assert.ok(
      fixed.indexOf('import functools') < fixed.indexOf('def logged'),
      'the import goes above the code',
    );

    // Apply it the way VS Code does (incremental didChange, last edit first) and pull again.
    const ordered = [...edits].sort(
      (a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start),
    );
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: FIXTURE_URI, version: 2 },
      contentChanges: ordered.map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    const after = await session.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: FIXTURE_URI },
    });
    assert.ok(after.kind === DocumentDiagnosticReportKind.Full);
    assert.deepEqual(after.items.filter((item) => item.code === 'CL201'), []);
  });

  it('explains the rule through the same binary', async () => {
    const page = await runExplain(BIN, 'CL201');
    assert.match(page, /^# CL201 missing-wraps/);
    await assert.rejects(runExplain(BIN, 'CL201; true'), /not a rule code/);
  });

  it('shuts down and exits with status 0', async () => {
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: FIXTURE_URI },
    });
    const result = await session.connection.sendRequest(ShutdownRequest.type);
    assert.equal(result ?? null, null);
    await session.connection.sendNotification(ExitNotification.type);
    const code = await Promise.race([
      session.exitCode,
      new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
    ]);
    assert.equal(code, 0, `exit status; stderr: ${session.stderr.join('')}`);
  });
});
