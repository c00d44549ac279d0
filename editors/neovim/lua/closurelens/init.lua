-- closurelens for Neovim: starts the closurelens language server on Python buffers and wires up
-- its settings, inlay hints, semantic-token highlights and two commands.
--
--   require('closurelens').setup({
--     cmd = { 'closurelens', '--stdio' },
--     settings = { closurelens = { ignore = { 'CL101' } } },
--   })
--
-- Works on Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and 0.8+ (vim.lsp.start).
-- See :help closurelens.

local M = {}

M.version = '0.1.0'

local RULES = {
  { 'CL101', 'late-binding-closure' },
  { 'CL102', 'unbound-local-capture' },
  { 'CL103', 'nonlocal-without-binding' },
  { 'CL104', 'captured-exception-name' },
  { 'CL105', 'unsynchronized-closure-state' },
  { 'CL106', 'unbounded-closure-state' },
  { 'CL201', 'missing-wraps' },
  { 'CL202', 'wrapper-discards-result' },
  { 'CL203', 'decorator-returns-none' },
  { 'CL204', 'wrapper-drops-arguments' },
  { 'CL205', 'decorator-call-mismatch' },
  { 'CL206', 'decorator-order' },
  { 'CL207', 'cached-method' },
  { 'CL208', 'class-decorator-without-get' },
  { 'CL209', 'wraps-misuse' },
}
M.rules = RULES

-- Keys of the `closurelens` settings section whose values are JSON objects: an empty Lua table
-- would be sent as [] and rejected, so those are sent as {}.
local OBJECT_KEYS = { severity = true, perFileIgnores = true, inlayHints = true }

local defaults = {
  name = 'closurelens',
  cmd = { 'closurelens', '--stdio' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.cfg', 'setup.py', '.git' },
  -- The `closurelens` section the server asks for with workspace/configuration. A table without
  -- a `closurelens` key is taken to be that section itself.
  settings = {},
  init_options = nil,
  capabilities = nil,
  on_attach = nil,
  handlers = nil,
  -- Show inlay hints (Neovim 0.10+).
  inlay_hints = true,
  -- Define the highlight groups for the semantic-token modifiers.
  highlights = true,
  -- Start on every buffer of `filetypes`; false leaves it to require('closurelens').start().
  autostart = true,
  -- Start even when no root marker is found (root: the file's folder).
  single_file_support = true,
}

M.config = vim.deepcopy(defaults)

local function has(feature)
  return vim.fn.has(feature) == 1
end

-- Client methods became `client:method()` in 0.11 (the `client.method()` form is deprecated).
local function client_stop(client, force)
  if has('nvim-0.11') then
    return client:stop(force)
  end
  return client.stop(force)
end

local function client_is_stopped(client)
  if has('nvim-0.11') then
    return client:is_stopped()
  end
  return client.is_stopped()
end

-- vim.validate's table form is deprecated from 0.11 on.
local function validate_optional(name, value, types)
  if has('nvim-0.11') then
    vim.validate(name, value, types, true)
  else
    vim.validate({ [name] = { value, types, true } })
  end
end

local function notify(message, level)
  vim.notify('closurelens: ' .. message, level or vim.log.levels.INFO)
end

-- Settings -------------------------------------------------------------------------------------

local function json_ready(value, key)
  if type(value) ~= 'table' then
    return value
  end
  if next(value) == nil then
    return OBJECT_KEYS[key] and vim.empty_dict() or value
  end
  local out = {}
  for k, v in pairs(value) do
    out[k] = json_ready(v, k)
  end
  return out
end

--- The settings table given to the client: { closurelens = { ... } }.
function M.normalize_settings(settings)
  settings = settings or {}
  if settings.closurelens == nil then
    settings = { closurelens = settings }
  end
  local out = vim.deepcopy(settings)
  out.closurelens = json_ready(out.closurelens or {}, 'closurelens')
  if next(out.closurelens) == nil then
    out.closurelens = vim.empty_dict()
  end
  return out
end

-- Like vim.lsp.util.lookup_section, but keeps `false` (0.7's version turns it into null).
local function lookup(settings, section)
  local value = settings
  for part in vim.gsplit(section, '.', true) do
    if type(value) ~= 'table' then
      return vim.NIL
    end
    value = value[part]
    if value == nil then
      return vim.NIL
    end
  end
  return value
end

--- Answers workspace/configuration from the client's `settings`.
function M.configuration_handler(_, result, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if not client then
    return vim.NIL
  end
  local response = {}
  for _, item in ipairs((result or {}).items or {}) do
    local section = item.section or ''
    if section == '' then
      table.insert(response, client.config.settings or vim.NIL)
    else
      table.insert(response, lookup(client.config.settings or {}, section))
    end
  end
  return response
end

-- Root detection -------------------------------------------------------------------------------

local function exists(path)
  return (vim.uv or vim.loop).fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ':h')
  if up == dir then
    return nil
  end
  return up
end

--- The nearest folder above `path` holding one of `markers` (the first marker wins over later
--- ones at any depth, so a pyproject.toml in a sub-package beats the repository's .git).
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  if path == nil or path == '' then
    return nil
  end
  local start = vim.fn.fnamemodify(path, ':p')
  if vim.fn.isdirectory(start) == 0 then
    start = vim.fn.fnamemodify(start, ':h')
  end
  for _, marker in ipairs(markers) do
    local dir = start
    while dir do
      if exists(dir .. '/' .. marker) then
        return dir
      end
      dir = parent(dir)
    end
  end
  return nil
end

-- Highlights -----------------------------------------------------------------------------------

local HIGHLIGHTS = {
  { group = 'ClosurelensFreeVariable', attrs = { italic = true, underline = true }, modifier = 'freeVariable' },
  { group = 'ClosurelensCellVariable', attrs = { bold = true }, modifier = 'cellVariable' },
  { group = 'ClosurelensRebound', attrs = { italic = true, bold = true, underline = true }, modifier = 'rebound' },
}

--- Defines ClosurelensFreeVariable/CellVariable/Rebound and links the semantic-token groups
--- @lsp.mod.freeVariable/cellVariable/rebound to them (0.8+ names), all with `default`, so a
--- colorscheme or the user can restyle any of them.
function M.define_highlights()
  for _, hl in ipairs(HIGHLIGHTS) do
    local attrs = vim.tbl_extend('force', hl.attrs, { default = true })
    vim.api.nvim_set_hl(0, hl.group, attrs)
    if has('nvim-0.8') then
      vim.api.nvim_set_hl(0, '@lsp.mod.' .. hl.modifier, { link = hl.group, default = true })
    end
  end
end

-- Clients --------------------------------------------------------------------------------------

local function executable()
  local cmd = M.config.cmd
  if type(cmd) == 'table' and type(cmd[1]) == 'string' then
    return cmd[1]
  end
  return 'closurelens'
end

local function on_attach(client, bufnr)
  if M.config.inlay_hints and has('nvim-0.10') and vim.lsp.inlay_hint then
    local caps = client.server_capabilities or {}
    if caps.inlayHintProvider then
      pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
    end
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

--- The client configuration for a buffer (exposed for tests and for custom launchers).
function M.client_config(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = M.find_root(fname, M.config.root_markers)
  if root == nil then
    if not M.config.single_file_support then
      return nil
    end
    root = fname ~= '' and vim.fn.fnamemodify(fname, ':p:h') or vim.fn.getcwd()
  end
  local handlers = vim.tbl_extend('force', {
    ['workspace/configuration'] = M.configuration_handler,
  }, M.config.handlers or {})
  return {
    name = M.config.name,
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') },
    },
    settings = M.normalize_settings(M.config.settings),
    init_options = M.config.init_options,
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    handlers = handlers,
    on_attach = on_attach,
    filetypes = M.config.filetypes,
  }
end

--- The running closurelens clients.
function M.clients()
  local out = {}
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(get_clients()) do
    if client.name == M.config.name and not client_is_stopped(client) then
      table.insert(out, client)
    end
  end
  return out
end

--- Starts (or reuses) the client for a buffer and attaches it; returns the client id.
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  local config = M.client_config(bufnr)
  if config == nil then
    return nil
  end
  if type(config.cmd) == 'table' and vim.fn.executable(config.cmd[1]) == 0 then
    notify(
      string.format('%s is not executable; set cmd in setup() (see :help closurelens)', config.cmd[1]),
      vim.log.levels.WARN
    )
    return nil
  end
  if vim.lsp.start then
    return vim.lsp.start(config, {
      bufnr = bufnr,
      reuse_client = function(client, conf)
        return client.name == conf.name and client.config.root_dir == conf.root_dir
      end,
    })
  end
  -- Neovim 0.7: one client per root, attached by hand.
  for _, client in ipairs(M.clients()) do
    if client.config.root_dir == config.root_dir then
      vim.lsp.buf_attach_client(bufnr, client.id)
      return client.id
    end
  end
  local id = vim.lsp.start_client(config)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function is_target(bufnr)
  return vim.api.nvim_buf_is_loaded(bufnr)
    and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype)
    and vim.bo[bufnr].buftype == ''
end

--- Stops every closurelens client, then starts again for every buffer of `filetypes`.
function M.restart()
  local clients = M.clients()
  for _, client in ipairs(clients) do
    client_stop(client)
  end
  local stopped = vim.wait(5000, function()
    for _, client in ipairs(clients) do
      if not client_is_stopped(client) then
        return false
      end
    end
    return true
  end, 20)
  if not stopped then
    for _, client in ipairs(clients) do
      client_stop(client, true)
    end
  end
  local started = 0
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if is_target(bufnr) and M.start(bufnr) then
      started = started + 1
    end
  end
  notify(string.format('restarted (%d buffer%s)', started, started == 1 and '' or 's'))
end

-- Explain --------------------------------------------------------------------------------------

local function normalize_code(text)
  text = vim.trim(text or '')
  for _, rule in ipairs(RULES) do
    if rule[1] == text:upper() or rule[2] == text:lower() then
      return rule[1]
    end
  end
  return nil
end

local function code_under_cursor()
  local lnum = vim.api.nvim_win_get_cursor(0)[1] - 1
  for _, diagnostic in ipairs(vim.diagnostic.get(0, { lnum = lnum })) do
    if diagnostic.source == 'closurelens' and diagnostic.code then
      local code = normalize_code(tostring(diagnostic.code))
      if code then
        return code
      end
    end
  end
  return nil
end

--- Runs `closurelens explain CODE` and shows the text in a scratch buffer. Without a code, uses
--- the closurelens diagnostic on the cursor line.
function M.explain(code)
  local rule = normalize_code(code) or ((code == nil or code == '') and code_under_cursor() or nil)
  if rule == nil then
    notify(
      code and code ~= '' and ('unknown rule ' .. code) or 'no rule given and none under the cursor',
      vim.log.levels.ERROR
    )
    return nil
  end
  local output = vim.fn.systemlist({ executable(), 'explain', rule })
  if vim.v.shell_error ~= 0 then
    notify('closurelens explain ' .. rule .. ' failed: ' .. table.concat(output, ' '), vim.log.levels.ERROR)
    return nil
  end
  local name = 'closurelens://explain/' .. rule
  local existing = vim.fn.bufnr('^' .. name .. '$')
  if existing > 0 then
    vim.api.nvim_buf_delete(existing, { force = true })
  end
  vim.cmd('new')
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_name(bufnr, name)
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, output)
  for option, value in pairs({
    buftype = 'nofile',
    bufhidden = 'wipe',
    swapfile = false,
    modifiable = false,
    filetype = 'markdown',
  }) do
    vim.bo[bufnr][option] = value
  end
  vim.api.nvim_buf_set_keymap(bufnr, 'n', 'q', '<cmd>close<CR>', { noremap = true, silent = true })
  return bufnr
end

local function complete_codes(lead)
  local out = {}
  for _, rule in ipairs(RULES) do
    if rule[1]:find(lead:upper(), 1, true) == 1 or rule[2]:find(lead:lower(), 1, true) == 1 then
      table.insert(out, rule[1])
    end
  end
  return out
end

-- Setup ----------------------------------------------------------------------------------------

local group

--- Configures the plugin; call once from init.lua. Options: see `defaults` above and
--- :help closurelens-setup.
function M.setup(opts)
  opts = opts or {}
  validate_optional('cmd', opts.cmd, { 'table', 'function' })
  validate_optional('settings', opts.settings, 'table')
  validate_optional('filetypes', opts.filetypes, 'table')
  validate_optional('root_markers', opts.root_markers, 'table')
  validate_optional('on_attach', opts.on_attach, 'function')
  M.config = vim.tbl_extend('force', vim.deepcopy(defaults), opts)

  if M.config.highlights then
    M.define_highlights()
  end

  group = vim.api.nvim_create_augroup('closurelens', { clear = true })
  if M.config.highlights then
    vim.api.nvim_create_autocmd('ColorScheme', {
      group = group,
      callback = M.define_highlights,
      desc = 'closurelens: restore the default highlight links',
    })
  end
  if M.config.autostart then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        if vim.bo[args.buf].buftype == '' then
          M.start(args.buf)
        end
      end,
      desc = 'closurelens: start the language server',
    })
    -- Buffers opened before setup() ran.
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if is_target(bufnr) then
        M.start(bufnr)
      end
    end
  end

  vim.api.nvim_create_user_command('ClosurelensExplain', function(command)
    M.explain(command.args)
  end, {
    nargs = '?',
    complete = complete_codes,
    desc = 'closurelens: show the documentation of a rule',
  })
  vim.api.nvim_create_user_command('ClosurelensRestart', function()
    M.restart()
  end, { nargs = 0, desc = 'closurelens: restart the language server' })
end

return M
