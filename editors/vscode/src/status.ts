// What the status-bar item says in each server state. Pure: the controller feeds it states, the
// host paints the result.

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** Background: 'error' and 'warning' map to the theme's status-bar error/warning colours. */
  background: 'error' | 'warning' | undefined;
}

const ICONS: Record<ServerState, string> = {
  starting: '$(sync~spin)',
  running: '$(eye)',
  stopped: '$(circle-slash)',
  error: '$(error)',
};

const WORDS: Record<ServerState, string> = {
  starting: 'starting',
  running: 'running',
  stopped: 'stopped',
  error: 'failed',
};

export function presentStatus(state: ServerState, detail?: string): StatusPresentation {
  const lines = [`closurelens server: ${WORDS[state]}`];
  if (detail !== undefined && detail !== '') lines.push(detail);
  lines.push('', 'Click to show the output.');
  return {
    text: `${ICONS[state]} closurelens`,
    tooltip: lines.join('\n'),
    background: state === 'error' ? 'error' : state === 'stopped' ? 'warning' : undefined,
  };
}
