-- editors/neovim/doc/closurelens.txt is a valid help file: :helptags accepts it without
-- duplicates, the expected tags exist, every |link| in it resolves, and :help finds the topics.
-- Works on a copy, so no tags file is written into the source tree. Env: PLUGIN_DIR.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')

H.run(function()
  local source = H.env('PLUGIN_DIR') .. '/doc/closurelens.txt'
  local copy = vim.fn.tempname()
  vim.fn.mkdir(copy .. '/doc', 'p')
  local lines = vim.fn.readfile(source)
  vim.fn.writefile(lines, copy .. '/doc/closurelens.txt')

  H.check(lines[1]:match('^%*closurelens%.txt%*') ~= nil, 'the first line names the file as a tag')
  H.check(lines[#lines]:match('vim:.*ft=help') ~= nil, 'the last line is a help modeline')
  for i, line in ipairs(lines) do
    if vim.fn.strdisplaywidth(line) > 78 then
      error(string.format('line %d is wider than 78 columns', i))
    end
    if line:find('\t') and not line:match('^\t') then
      -- tabs are fine for indentation only
      error(string.format('line %d has a tab inside the text', i))
    end
  end
  H.ok('lines fit in 78 columns')

  local ok, err = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(copy .. '/doc'))
  H.check(ok, ':helptags accepts the file ' .. tostring(err or ''))

  local tags = {}
  for _, entry in ipairs(vim.fn.readfile(copy .. '/doc/tags')) do
    tags[vim.split(entry, '\t', true)[1]] = true
  end
  for _, tag in ipairs({
    'closurelens.txt',
    'closurelens',
    'closurelens-setup',
    'closurelens-settings',
    'closurelens-highlights',
    ':ClosurelensExplain',
    ':ClosurelensRestart',
  }) do
    H.check(tags[tag], 'tag ' .. tag)
  end

  vim.opt.runtimepath:append(copy)
  local text = table.concat(lines, '\n')
  for link in text:gmatch('|([^|%s]+)|') do
    if not tags[link] then
      local found = pcall(vim.cmd, 'help ' .. link)
      if not found then
        error('|' .. link .. '| resolves to no help tag')
      end
      vim.cmd('helpclose')
    end
  end
  H.ok('every |link| resolves')

  vim.cmd('help closurelens-setup')
  H.eq(vim.fn.expand('%:t'), 'closurelens.txt', ':help closurelens-setup opens closurelens.txt')
  H.check(vim.api.nvim_get_current_line():find('*closurelens-setup*', 1, true) ~= nil, 'on the setup section')
end)
