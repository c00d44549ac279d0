-- Shared by the headless Neovim plugin tests: one PASS/FAIL line on stdout, then quit with the
-- matching status. Load with dofile(); the test files run as `nvim --headless -c "luafile X"`.
local H = {}

function H.env(name, default)
  local value = os.getenv(name)
  if value == nil or value == '' then
    if default ~= nil then
      return default
    end
    error(name .. ' is not set', 2)
  end
  return value
end

function H.finish(ok, message)
  io.stdout:write((ok and 'PASS: ' or 'FAIL: ') .. message .. '\n')
  io.stdout:flush()
  vim.cmd(ok and 'qa!' or 'cq!')
end

local steps = 0

--- Records a passed step (printed, so a failing run shows how far it got).
function H.ok(message)
  steps = steps + 1
  io.stdout:write('  ok ' .. steps .. ' - ' .. message .. '\n')
  io.stdout:flush()
end

function H.check(condition, message)
  if not condition then
    error(message, 2)
  end
  H.ok(message)
end

function H.eq(actual, expected, message)
  if not vim.deep_equal(actual, expected) then
    error(string.format('%s: expected %s, got %s', message, vim.inspect(expected), vim.inspect(actual)), 2)
  end
  H.ok(message)
end

function H.wait(timeout_ms, predicate, message)
  if not vim.wait(timeout_ms, predicate, 20) then
    error('timed out: ' .. message, 2)
  end
  H.ok(message)
end

--- Runs the test body; any error becomes a FAIL line instead of a hung headless Neovim.
function H.run(body)
  local ok, err = xpcall(body, debug.traceback)
  if ok then
    H.finish(true, string.format('%d checks', steps))
  else
    H.finish(false, tostring(err))
  end
end

--- Loads the plugin from editors/neovim (PLUGIN_DIR) the way a plugin manager would.
function H.load_plugin()
  -- The tests run in parallel on the same fixture and edit its buffer: no swap files.
  vim.o.swapfile = false
  vim.opt.runtimepath:append(H.env('PLUGIN_DIR'))
  vim.cmd('filetype on')
  return require('closurelens')
end

--- 0-based line and byte column of the first match of `pattern` in the buffer.
function H.find(bufnr, pattern)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(pattern)
    if col then
      return i - 1, col - 1
    end
  end
  error('buffer has no line matching ' .. pattern, 2)
end

function H.closurelens_diagnostics(bufnr, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'closurelens' and (code == nil or d.code == code) then
      table.insert(out, d)
    end
  end
  return out
end

--- The LSP form of a vim.diagnostic entry (ASCII text: byte columns are UTF-16 columns).
function H.to_lsp(d)
  return {
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    },
    severity = d.severity,
    code = d.code,
    source = d.source,
    message = d.message,
  }
end

return H
