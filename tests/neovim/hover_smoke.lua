-- Headless Neovim (Debian's 0.7.2) as a real LSP client: starts closurelens on a Python buffer
-- through vim.lsp.start_client, asks textDocument/hover and checks the answer.
-- Run: CLOSURELENS_BIN=... FIXTURE=... nvim --headless --clean -u NONE -l? (0.7: -c "luafile ...")
local bin = assert(os.getenv("CLOSURELENS_BIN"), "CLOSURELENS_BIN not set")
local fixture = assert(os.getenv("FIXTURE"), "FIXTURE not set")
local expect = os.getenv("EXPECT_HOVER") or ""

local function finish(ok, message)
  io.stdout:write((ok and "PASS: " or "FAIL: ") .. message .. "\n")
  io.stdout:flush()
  vim.cmd(ok and "qa!" or "cq!")
end

vim.cmd("edit " .. vim.fn.fnameescape(fixture))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "closurelens",
  cmd = { bin, "--stdio" },
  root_dir = vim.fn.fnamemodify(fixture, ":p:h"),
})
if not client_id then return finish(false, "start_client failed") end
vim.lsp.buf_attach_client(bufnr, client_id)

local started = vim.wait(10000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client ~= nil and client.initialized == true
end, 20)
if not started then return finish(false, "server did not initialize") end

-- The cursor position of the hover comes from the first line containing "HOVER_HERE:<col>".
local line_no, col = 0, 0
for i, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
  local c = text:match("HOVER_HERE:(%d+)")
  if c then line_no, col = i - 1, tonumber(c) end
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = line_no, character = col },
}
local responses, err = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, 10000)
if not responses then return finish(false, "no hover response: " .. tostring(err)) end
local response = responses[client_id]
if not response then return finish(false, "no response from closurelens") end
if response.err then return finish(false, "hover error: " .. vim.inspect(response.err)) end
local result = response.result
if type(result) ~= "table" or type(result.contents) ~= "table" then
  return finish(false, "hover result has no contents: " .. vim.inspect(result))
end
local value = result.contents.value or ""
if expect ~= "" and not value:find(expect, 1, true) then
  return finish(false, "hover text lacks '" .. expect .. "': " .. value)
end
finish(true, "hover answered: " .. value:gsub("\n", " | "):sub(1, 200))
