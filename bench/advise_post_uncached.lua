-- wrk script: POST /api/v1/advise with a different (chain, date) on every request, so that
-- (almost) every request misses the server's answer cache (bench/bench.py --only http)
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local chains = {
  '[{"role":"nurse","channel":"digital"},{"role":"doctor","channel":"digital","day":"other"}]',
  '[{"role":"nurse","channel":"phone","replaces_visit":true}]',
  '[{"role":"doctor","channel":"digital"},{"role":"other_clinician","channel":"physical","unit":"other"}]',
  '[{"role":"nurse","channel":"digital","purpose":"treatment"}]',
}

function init(args)
  counter = (id or 0) * 1000003
end

function request()
  counter = counter + 1
  local day = counter % 20000
  local date = os.date("!%Y-%m-%d", os.time{year=2000, month=1, day=1, hour=12} + day * 86400)
  local body = '{"steps":' .. chains[(counter % #chains) + 1] .. ',"date":"' .. date .. '"}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
