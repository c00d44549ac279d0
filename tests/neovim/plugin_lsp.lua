-- The Neovim plugin (editors/neovim) end to end on Debian's Neovim 0.7: setup{} starts closurelens
-- for a Python buffer in a project, diagnostics arrive (CL201), hover shows the closure cells, and
-- the preferred quick fix, applied through Neovim's own apply_workspace_edit, adds
-- `@functools.wraps(func)` and `import functools` to the buffer; the diagnostic then goes away.
-- Env: CLOSURELENS_BIN, PLUGIN_DIR (editors/neovim), FIXTURES (tests/neovim/fixtures).
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')

H.run(function()
  local bin = H.env('CLOSURELENS_BIN')
  local project = H.env('FIXTURES') .. '/project'
  local closurelens = H.load_plugin()

  local attached = {}
  closurelens.setup({
    cmd = { bin, '--stdio' },
    settings = { select = { 'ALL' } },
    on_attach = function(client, bufnr)
      attached[bufnr] = client.id
    end,
  })

  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/pkg/missing_wraps.py'))
  local bufnr = vim.api.nvim_get_current_buf()
  H.eq(vim.bo[bufnr].filetype, 'python', 'the fixture is a Python buffer')

  H.wait(10000, function()
    return attached[bufnr] ~= nil
  end, 'setup{} attached a client through the FileType autocommand')
  local client = vim.lsp.get_client_by_id(attached[bufnr])
  H.eq(client.name, 'closurelens', 'the client is named closurelens')
  H.eq(client.config.root_dir, vim.fn.fnamemodify(project, ':p'):gsub('/$', ''), 'root is the folder with pyproject.toml')
  H.wait(10000, function()
    return client.initialized == true
  end, 'the server initialized')
  H.eq(client.offset_encoding, 'utf-16', 'UTF-16 positions negotiated')

  -- Diagnostics (pushed: Neovim 0.7 does not pull).
  H.wait(15000, function()
    return #H.closurelens_diagnostics(bufnr, 'CL201') > 0
  end, 'CL201 is reported')
  local diagnostic = H.closurelens_diagnostics(bufnr, 'CL201')[1]
  local wrapper_line, wrapper_col = H.find(bufnr, 'def wrapper')
  H.eq({ diagnostic.lnum, diagnostic.col }, { wrapper_line, wrapper_col + 4 }, 'CL201 points at the wrapper name')
  H.eq(diagnostic.severity, vim.diagnostic.severity.WARN, 'CL201 is a warning')
  local href = diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.codeDescription
  H.check(href and tostring(href.href):match('CL201%.md$') ~= nil, 'CL201 links to its rule page')

  -- Hover on the wrapper: its closure cells.
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = wrapper_line, character = wrapper_col + 5 },
  }, 10000)
  local hover = responses and responses[client.id]
  H.check(hover and hover.result and hover.result.contents, 'hover answered')
  local text = hover.result.contents.value or ''
  H.check(text:find('co_freevars', 1, true) ~= nil, 'hover mentions co_freevars')
  H.check(text:find('`func`', 1, true) and text:find('`prefix`', 1, true), 'hover lists func and prefix')

  -- The preferred quick fix, applied by Neovim.
  responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = H.to_lsp(diagnostic).range,
    context = { diagnostics = { H.to_lsp(diagnostic) } },
  }, 10000)
  local actions = responses and responses[client.id] and responses[client.id].result or {}
  local preferred
  for _, action in ipairs(actions) do
    if action.isPreferred then
      H.check(preferred == nil, 'a single preferred action')
      preferred = action
    end
  end
  H.check(preferred ~= nil, 'a preferred code action among ' .. #actions)
  H.eq(preferred.kind, 'quickfix', 'it is a quickfix')
  H.check(preferred.edit ~= nil, 'it carries a workspace edit')
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')

  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local decorator, import, logged
  for i, line in ipairs(lines) do
    if line == '    @functools.wraps(func)' then
      decorator = i
    elseif line == 'import functools' then
      import = i
    elseif line:match('^def logged') then
      logged = i
    end
  end
  H.check(decorator ~= nil, 'the buffer has the @functools.wraps(func) line')
  H.eq(lines[decorator + 1], '    def wrapper(*args, **kwargs):', 'the decorator sits on the wrapper')
  H.check(import ~= nil and logged ~= nil and import < logged, 'import functools was added above the code')

  H.wait(15000, function()
    return #H.closurelens_diagnostics(bufnr, 'CL201') == 0
  end, 'CL201 is gone after the fix')
end)
