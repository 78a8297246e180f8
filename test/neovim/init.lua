-- Minimal Neovim config for the smoke test: the built-in LSP client starts our server for YAML
-- buffers; the first non-empty publishDiagnostics is written as JSON and Neovim quits.
-- Works from Neovim 0.7 (Debian 12) on: start_client + buf_attach_client, no plugins.
vim.cmd('filetype on')
local out = assert(os.getenv('AUDIT_POLICY_NVIM_OUT'), 'AUDIT_POLICY_NVIM_OUT is not set')
local server = assert(os.getenv('AUDIT_POLICY_SERVER'), 'AUDIT_POLICY_SERVER is not set')

local default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default(err, result, ctx, config)
  if result and #result.diagnostics > 0 then
    local file = assert(io.open(out, 'w'))
    file:write(vim.fn.json_encode(result))
    file:close()
    vim.schedule(function() vim.cmd('qall!') end)
  end
end

local client = vim.lsp.start_client({ name = 'audit-policy', cmd = { 'node', server, '--stdio' }, root_dir = vim.fn.getcwd() })
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args) vim.lsp.buf_attach_client(args.buf, client) end,
})
vim.defer_fn(function()
  io.stderr:write('no diagnostics from the audit-policy server within 20 s\n')
  vim.cmd('cquit 3')
end, 20000)
