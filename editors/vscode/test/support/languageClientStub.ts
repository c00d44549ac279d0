// Stands in for vscode-languageclient/node in the activation tests: records the options the
// extension builds and plays the client's state changes, without spawning anything.

import { EventEmitter } from './vscodeStub';

export enum State {
  Stopped = 1,
  Running = 2,
  Starting = 3,
}

export interface StateChangeEvent {
  oldState: State;
  newState: State;
}

export interface RecordedClient {
  id: string;
  name: string;
  serverOptions: { command: string; args?: string[] };
  clientOptions: {
    documentSelector?: unknown;
    synchronize?: { configurationSection?: string };
    initializationOptions?: unknown;
    middleware?: {
      workspace?: {
        configuration?: (
          params: { items: { section?: string; scopeUri?: string }[] },
          token: unknown,
          next: (params: { items: { section?: string; scopeUri?: string }[] }, token: unknown) => unknown,
        ) => Promise<unknown[]>;
      };
    };
  };
  state: State;
  starts: number;
  stops: number;
  /** Simulates the client giving up on a crashing server. */
  crash(): void;
}

export interface LanguageClientStubModule {
  State: typeof State;
  LanguageClient: new (
    id: string,
    name: string,
    serverOptions: RecordedClient['serverOptions'],
    clientOptions: RecordedClient['clientOptions'],
  ) => RecordedClient;
  instances: RecordedClient[];
  /** When set, start() rejects with it. */
  failStart: Error | undefined;
}

export function createLanguageClientStub(): LanguageClientStubModule {
  const module: LanguageClientStubModule = {
    State,
    instances: [],
    failStart: undefined,
    LanguageClient: class implements RecordedClient {
      state = State.Stopped;
      starts = 0;
      stops = 0;
      private readonly changes = new EventEmitter<StateChangeEvent>();
      readonly onDidChangeState = this.changes.event;

      constructor(
        readonly id: string,
        readonly name: string,
        readonly serverOptions: RecordedClient['serverOptions'],
        readonly clientOptions: RecordedClient['clientOptions'],
      ) {
        module.instances.push(this);
      }

      private move(next: State): void {
        const oldState = this.state;
        this.state = next;
        this.changes.fire({ oldState, newState: next });
      }

      async start(): Promise<void> {
        this.starts += 1;
        this.move(State.Starting);
        await Promise.resolve();
        if (module.failStart !== undefined) {
          this.move(State.Stopped);
          throw module.failStart;
        }
        this.move(State.Running);
      }

      async stop(): Promise<void> {
        this.stops += 1;
        await Promise.resolve();
        this.move(State.Stopped);
      }

      crash(): void {
        this.move(State.Stopped);
      }
    },
  };
  return module;
}
