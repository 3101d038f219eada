-- wrk script: a fixed mix of searches, filters, type-ahead and health checks, sent round-robin
-- by every connection; counts answers by status and prints one JSON line for the driver
-- (bench/load_while_indexing.py) at the end.

local paths = {
  "/search?q=presiden",
  "/search?q=korupsi",
  "/search?q=harga+beras",
  "/search?q=%22bank+indonesia%22",
  "/search?q=pemilu+OR+pilkada",
  "/search?q=banjir+-jakarta",
  "/search?q=title:gempa",
  "/search?q=jokowi&sort=newest",
  "/search?q=ekonomi&from=2017&to=2017",
  "/search?q=sepak+bola&outlet=kumparan",
  "/search?q=polisi+menangkap+pelaku+pencurian",
  "/search?q=menteri+keuangan+sri+mulyani",
  "/search?outlet=suara.com",
  "/search?q=timnas&page=2",
  "/search?q=teknologi&per_page=50",
  "/facets/actor?prefix=jo",
  "/facets/actor?prefix=sri&q=pajak",
  "/healthz",
}

local counter = 0
statuses = {}  -- a global: done() reads each thread's copy with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#paths) - 1
  statuses = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept"] = "application/json"})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"status": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, table.concat(parts, ", ")))
end
