-- wrk script for Benchmarks/bench-serve.sh and load-test.sh: GET /recommend/<uid> with random uids,
-- 95 % from the model's users (UID_MIN..UID_MAX, env) and 5 % unknown (above UID_MAX: the
-- cold-start path).
--   UID_MIN=1 UID_MAX=943 wrk -t2 -c64 -d20s --latency -s Benchmarks/peers/wrk_uids.lua http://127.0.0.1:8080
--
-- wrk shares the two cores with the server it measures, so the script keeps its own work per
-- request small. Each thread draws POOL (default 100,003) uids at start and formats their
-- requests once; request() hands them out in turn. Building each request per call and copying
-- every answer's headers and body into Lua took 7 % of the machine's CPU under perf at 64
-- connections, CPU the server did not get.
--
-- Statuses: without COUNT_HEADER, wrk counts answers with status >= 400 itself (summary.errors.status)
-- and Lua sees no answer. With COUNT_HEADER set (say X-Marquee-Model), response() sees every answer,
-- counts every non-200 status and the answers by that header's value (the load test does this).
local uid_min = tonumber(os.getenv("UID_MIN") or "1")
local uid_max = tonumber(os.getenv("UID_MAX") or "943")
local unknown_share = tonumber(os.getenv("UNKNOWN_SHARE") or "0.05")
local pool_size = tonumber(os.getenv("POOL") or "100003")
local count_header = os.getenv("COUNT_HEADER")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  -- A seed per thread: each wrk thread is its own Lua state and would otherwise draw the same uids.
  math.randomseed(os.time() * 1000 + id * 7919)
  pool = {}
  for index = 1, pool_size do
    local uid
    if math.random() < unknown_share then
      uid = uid_max + math.random(1, 1000000)
    else
      uid = math.random(uid_min, uid_max)
    end
    pool[index] = wrk.format("GET", "/recommend/" .. uid)
  end
  next_index = 0
  statuses = {}
  values = {}
end

function request()
  next_index = next_index % pool_size + 1
  return pool[next_index]
end

if count_header then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    local value = headers[count_header] or headers[string.lower(count_header)] or "-"
    values[value] = (values[value] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non200, detail, by_value, shown = 0, {}, {}, {}
  for _, thread in ipairs(threads) do
    for value, count in pairs(thread:get("values")) do by_value[value] = (by_value[value] or 0) + count end
    for status, count in pairs(thread:get("statuses")) do
      if status ~= 200 then
        non200 = non200 + count
        table.insert(detail, status .. ":" .. count)
      end
    end
  end
  for value, count in pairs(by_value) do table.insert(shown, value .. ":" .. count) end
  table.sort(shown)
  local e = summary.errors
  -- Without response(), the non-200 figure is wrk's own count of statuses >= 400.
  local checked = count_header and "all" or "ge400"
  if not count_header then non200 = e.status end
  -- One line for the scripts to parse; wrk's own "Non-2xx" and "Socket errors" lines stay too.
  io.write(string.format(
    "WRK_RESULT requests=%d non200=%d checked=%s socket_errors=%d connect=%d read=%d write=%d timeout=%d statuses=%s values=%s\n",
    summary.requests, non200, checked, e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout,
    #detail > 0 and table.concat(detail, ",") or "-", #shown > 0 and table.concat(shown, ",") or "-"))
end
