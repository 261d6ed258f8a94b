-- Clientele soak test: a mixed workload of the customer and order API, driven by benchmarks/soak.py.
--
--   wrk -t2 -c16 -d60s --timeout 5s -s benchmarks/soak/mixed.lua http://127.0.0.1:PORT -- DATA.lua SEGMENT
--
-- DATA.lua (written by soak.py) sets the globals `token` (the org admin's bearer token), `run` (a run id),
-- `ids` (customer ids to read and update), `buyers` (ids of customers that may order: not blocked), `terms`
-- (search fragments) and `sorts` (list orders). SEGMENT (1, 2, ...) keeps the emails and phones of new customers
-- unique across the wrk runs of one soak.
--
-- Every response that is not 2xx counts as an error (wrk by itself only counts socket errors and statuses > 399).
-- done() prints one machine-readable line, `SOAK {json}`: requests, rps, latency p50/p90/p99/max in ms, wrk's
-- socket errors, the requests sent of each kind, the responses by status, and a few non-2xx bodies.

-- Share of each kind of request, in percent.
local mix = {
  {"search", 18},   -- GET /api/v1/customers?q=TERM&sort=SORT
  {"list", 10},     -- GET /api/v1/customers?sort=SORT (page 1 or 2)
  {"get", 22},      -- GET /api/v1/customers/{id}
  {"create", 10},   -- POST /api/v1/customers, a new name, email and phone every time
  {"update", 10},   -- PATCH /api/v1/customers/{id} (notes and company; no If-Match, which is optional)
  {"order", 10},    -- POST /api/v1/orders, a paid order of a random buyer
  {"orders", 5},    -- GET /api/v1/orders
  {"history", 5},   -- GET /api/v1/customers/{id}/orders
  {"health", 10},   -- GET /health
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Per thread (each wrk thread has its own Lua state).
statuses = {}
kinds = {}
samples = {}
local counter = 0
local segment = 1
local picks = {}
local get_headers, json_headers

-- Area codes not used by demo-data's US phones (212, 312, 415, 646, 702, 305, 617, 206): 18 of them, each with
-- 8,000,000 numbers (exchange 200-999, line 0000-9999).
local areas = {201, 202, 203, 205, 207, 208, 209, 210, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228}

local function phone_of(index)
  local area = areas[(math.floor(index / 8000000) % #areas) + 1]
  local exchange = 200 + math.floor(index / 10000) % 800
  return string.format("+1%d%03d%04d", area, exchange, index % 10000)
end

function init(args)
  dofile(args[1])
  segment = tonumber(args[2]) or 1
  math.randomseed(os.time() * 1000 + tid * 7919 + segment * 104729)
  get_headers = {["Authorization"] = "Bearer " .. token}
  json_headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  for _, entry in ipairs(mix) do
    for _ = 1, entry[2] do table.insert(picks, entry[1]) end
  end
end

local function pick(list) return list[math.random(#list)] end

local function headers(h)
  -- wrk.format writes Host and Content-Length into the table it is given: hand it a fresh copy.
  local copy = {}
  for k, v in pairs(h) do copy[k] = v end
  return copy
end

request = function()
  local kind = pick(picks)
  kinds[kind] = (kinds[kind] or 0) + 1
  if kind == "search" then
    return wrk.format("GET", "/api/v1/customers?q=" .. pick(terms) .. "&sort=" .. pick(sorts), headers(get_headers))
  elseif kind == "list" then
    return wrk.format("GET", "/api/v1/customers?sort=" .. pick(sorts) .. "&page=" .. math.random(2), headers(get_headers))
  elseif kind == "get" then
    return wrk.format("GET", "/api/v1/customers/" .. pick(ids), headers(get_headers))
  elseif kind == "create" then
    counter = counter + 1
    -- Unique in the soak: 250,000 creates per thread and segment at most, 4 threads at most.
    local index = ((segment - 1) * 4 + (tid - 1)) * 250000 + counter
    local key = run .. "." .. segment .. "." .. tid .. "." .. counter
    local body = '{"name":"Soak Person ' .. segment .. "-" .. tid .. "-" .. counter .. '","email":"soak.' .. key ..
      '@soak.example","phone":"' .. phone_of(index) .. '","tags":["soak"]}'
    return wrk.format("POST", "/api/v1/customers", headers(json_headers), body)
  elseif kind == "update" then
    counter = counter + 1
    local body = '{"notes":"soak ' .. run .. " " .. segment .. "." .. tid .. "." .. counter ..
      '","company":"Soak Co ' .. math.random(1000) .. '"}'
    return wrk.format("PATCH", "/api/v1/customers/" .. pick(ids), headers(json_headers), body)
  elseif kind == "order" then
    local body = '{"customer_id":"' .. pick(buyers) .. '","amount":"' .. math.random(1, 99) ..
      '.50","payment_status":"paid"}'
    return wrk.format("POST", "/api/v1/orders", headers(json_headers), body)
  elseif kind == "orders" then
    return wrk.format("GET", "/api/v1/orders?page=" .. math.random(3), headers(get_headers))
  elseif kind == "history" then
    return wrk.format("GET", "/api/v1/customers/" .. pick(buyers) .. "/orders", headers(get_headers))
  else
    return wrk.format("GET", "/health", headers(get_headers))
  end
end

response = function(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
  if (status < 200 or status > 299) and #samples < 5 then
    table.insert(samples, status .. " " .. string.sub(body or "", 1, 300))
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end)
  return '"' .. s .. '"'
end

local function json_counts(t)
  local parts = {}
  for k, n in pairs(t) do table.insert(parts, json_string(tostring(k)) .. ":" .. n) end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local codes, sent, bodies = {}, {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do codes[status] = (codes[status] or 0) + n end
    for kind, n in pairs(thread:get("kinds")) do sent[kind] = (sent[kind] or 0) + n end
    for _, text in ipairs(thread:get("samples")) do
      if #bodies < 10 then table.insert(bodies, json_string(text)) end
    end
  end
  local bad = 0
  for status, n in pairs(codes) do
    if status < 200 or status > 299 then bad = bad + n end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'SOAK {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"mean_ms":%.3f,"non_2xx":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"statuses":%s,"kinds":%s,"samples":[%s]}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, bad, e.connect, e.read, e.write, e.timeout,
    json_counts(codes), json_counts(sent), table.concat(bodies, ",")))
end
