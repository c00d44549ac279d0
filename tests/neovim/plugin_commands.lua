-- The Neovim plugin's commands, settings, highlights and root detection on Neovim 0.7:
-- :ClosurelensExplain (scratch buffer from `closurelens explain`), :ClosurelensRestart (a new
-- client takes the buffer over), workspace/configuration answers, highlight defaults.
-- Env: CLOSURELENS_BIN, PLUGIN_DIR, FIXTURES.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')

H.run(function()
  local bin = H.env('CLOSURELENS_BIN')
  local project = vim.fn.fnamemodify(H.env('FIXTURES') .. '/project', ':p'):gsub('/$', '')
  local closurelens = H.load_plugin()

  local notes = {}
  vim.notify = function(message, level)
    table.insert(notes, { message = message, level = level })
  end

  H.check(not pcall(closurelens.setup, { cmd = 'closurelens --stdio' }), 'setup{} rejects a cmd string')

  closurelens.setup({
    cmd = { bin, '--stdio' },
    settings = {
      closurelens = {
        select = { 'CL2' },
        severity = {},
        inlayHints = { captures = false, maxLength = 30 },
      },
    },
  })

  -- Settings as the server receives them.
  local normalized = closurelens.normalize_settings({ ignore = { 'CL101' } })
  H.eq(normalized, { closurelens = { ignore = { 'CL101' } } }, 'a bare settings table is the closurelens section')
  H.eq(
    vim.fn.json_encode(closurelens.normalize_settings({ severity = {} }).closurelens.severity),
    '{}',
    'an empty severity map is sent as an object'
  )

  -- Root detection.
  H.eq(closurelens.find_root(project .. '/pkg/missing_wraps.py'), project, 'pyproject.toml marks the root')
  local lonely = vim.fn.tempname()
  vim.fn.mkdir(lonely .. '/a/b', 'p')
  H.eq(closurelens.find_root(lonely .. '/a/b/x.py', { 'pyproject.toml' }), nil, 'no marker, no root')
  vim.fn.writefile({}, lonely .. '/a/setup.cfg')
  H.eq(closurelens.find_root(lonely .. '/a/b/x.py'), lonely .. '/a', 'setup.cfg marks the root')

  -- Highlights: defaults, kept by a colorscheme that sets its own, restored after :hi clear.
  local free = vim.api.nvim_get_hl_by_name('ClosurelensFreeVariable', true)
  H.check(free.italic and free.underline, 'free variables: italic and underlined by default')
  H.check(vim.api.nvim_get_hl_by_name('ClosurelensCellVariable', true).bold, 'cell variables: bold by default')
  vim.cmd('highlight clear')
  vim.cmd('highlight ClosurelensCellVariable gui=underline cterm=underline')
  vim.cmd('doautocmd ColorScheme')
  local cell = vim.api.nvim_get_hl_by_name('ClosurelensCellVariable', true)
  H.check(cell.underline and not cell.bold, "a colorscheme's own definition wins (default = true)")
  H.check(vim.api.nvim_get_hl_by_name('ClosurelensFreeVariable', true).italic, 'the rest is restored after :hi clear')

  -- A buffer and its client.
  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/pkg/missing_wraps.py'))
  local bufnr = vim.api.nvim_get_current_buf()
  local first
  H.wait(10000, function()
    local clients = closurelens.clients()
    first = clients[1]
    return first ~= nil and first.initialized and vim.lsp.buf_is_attached(bufnr, first.id)
  end, 'a client is attached and initialized')

  local handler = first.config.handlers['workspace/configuration']
  H.check(handler == closurelens.configuration_handler, 'the client answers workspace/configuration')
  local answer = handler(nil, {
    items = {
      { section = 'closurelens' },
      { section = 'closurelens.inlayHints.captures' },
      { section = 'python' },
    },
  }, { client_id = first.id })
  H.eq(answer[1].select, { 'CL2' }, 'the closurelens section carries select')
  H.eq(answer[2], false, 'false settings stay false')
  H.eq(answer[3], vim.NIL, 'other sections are null')
  -- Encoded as the LSP client encodes its messages.
  local json = (vim.json and vim.json.encode or vim.fn.json_encode)(answer[1])
  H.check(json:find('"severity":%s*{}') ~= nil, 'severity goes out as {}: ' .. json)

  -- :ClosurelensRestart: the old client stops, a new one takes the buffer.
  vim.cmd('ClosurelensRestart')
  H.wait(10000, function()
    local clients = closurelens.clients()
    return #clients == 1 and clients[1].id ~= first.id and clients[1].initialized
      and vim.lsp.buf_is_attached(bufnr, clients[1].id)
  end, ':ClosurelensRestart attached a new client')
  H.check(first.is_stopped(), 'the old client stopped')
  H.wait(15000, function()
    return #H.closurelens_diagnostics(bufnr, 'CL201') > 0
  end, 'the new client reports CL201')

  -- :ClosurelensExplain.
  local completions = vim.fn.getcompletion('ClosurelensExplain CL20', 'cmdline')
  H.eq(#completions, 9, ':ClosurelensExplain completes rule codes')
  vim.cmd('ClosurelensExplain CL201')
  local explain = vim.api.nvim_get_current_buf()
  H.check(explain ~= bufnr, ':ClosurelensExplain opened a new buffer')
  H.eq(vim.api.nvim_buf_get_name(explain), 'closurelens://explain/CL201', 'the buffer is named after the rule')
  H.eq(vim.api.nvim_buf_get_lines(explain, 0, 1, false)[1], '# CL201 missing-wraps', 'it shows the rule page')
  H.eq({ vim.bo[explain].buftype, vim.bo[explain].filetype, vim.bo[explain].modifiable },
    { 'nofile', 'markdown', false }, 'a read-only markdown scratch buffer')
  vim.cmd('close')

  vim.cmd('ClosurelensExplain missing-wraps')
  H.eq(vim.api.nvim_buf_get_name(0), 'closurelens://explain/CL201', 'rule names work too, reusing the buffer name')
  vim.cmd('close')

  -- Without an argument: the closurelens diagnostic on the cursor line.
  vim.api.nvim_set_current_buf(bufnr)
  local d = H.closurelens_diagnostics(bufnr, 'CL201')[1]
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, 0 })
  vim.cmd('ClosurelensExplain')
  H.eq(vim.api.nvim_buf_get_name(0), 'closurelens://explain/CL201', 'no argument: the rule under the cursor')
  vim.cmd('close')

  notes = {}
  vim.cmd('ClosurelensExplain CL999')
  H.check(#notes == 1 and notes[1].message:find('unknown rule CL999', 1, true) ~= nil
    and notes[1].level == vim.log.levels.ERROR, 'an unknown code is an error message')

  for _, client in ipairs(closurelens.clients()) do
    client.stop()
  end
end)
