-- wrk script for Benchmarks/bench-serve.sh: GET /recommend/<uid> with a random uid per request,
-- 95 % from the model's users (UID_MIN..UID_MAX, env) and 5 % unknown (above UID_MAX: the
-- cold-start path). Counts answers by status and prints the non-200 ones in done(); with
-- COUNT_HEADER set (say X-Marquee-Model), also counts the answers by that header's value.
--   UID_MIN=1 UID_MAX=943 wrk -t2 -c64 -d20s --latency -s Benchmarks/peers/wrk_uids.lua http://127.0.0.1:8080
local uid_min = tonumber(os.getenv("UID_MIN") or "1")
local uid_max = tonumber(os.getenv("UID_MAX") or "943")
local unknown_share = tonumber(os.getenv("UNKNOWN_SHARE") or "0.05")
local count_header = os.getenv("COUNT_HEADER")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  -- A seed per thread: each wrk thread is its own Lua state and would otherwise draw the same uids.
  math.randomseed(os.time() * 1000 + id * 7919)
  statuses = {}
  values = {}
end

function request()
  local uid
  if math.random() < unknown_share then
    uid = uid_max + math.random(1, 1000000)
  else
    uid = math.random(uid_min, uid_max)
  end
  return wrk.format("GET", "/recommend/" .. uid)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if count_header then
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
  -- One line for the bench script to parse; wrk's own "Non-2xx" and "Socket errors" lines stay too.
  io.write(string.format(
    "WRK_RESULT requests=%d non200=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d statuses=%s values=%s\n",
    summary.requests, non200, e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout,
    #detail > 0 and table.concat(detail, ",") or "-", #shown > 0 and table.concat(shown, ",") or "-"))
end
