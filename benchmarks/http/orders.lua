-- wrk script: route-and-reserve requests (POST /v1/orders), a unique order number per order.
-- OMNISTOCK_KEY: an API key with the orders scope. MODE:
--   routed  one-line regular orders routed over the network (SKUS SKU codes SKU-0..)
--   flash   a flash sale: 1 unit of SKU HOT collected at L0 (as in benchmarks/peers.sh)
--   basket  3-line orders, 1 unit each of 3 consecutive SKUs, collected at one of LOCATIONS stores
-- How orders travel (benchmarks/network.sh uses all three):
--   DEPTH=n   (default 1) HTTP/1.1 pipelining: each write carries n requests, one order each; wrk
--             counts every answer as a request and times it from the write that carried it
--   BATCH=n   (default 0: off) each request is one POST /v1/batch carrying n orders, each element
--             with its own idempotencyKey; an answer is counted per element ("status":200 or 201, or not)
--   IDEMPOTENCY_KEYS=1  single and pipelined requests also carry an Idempotency-Key header
-- ORDER_BASE: the first order number (default 0); runs against one daemon need disjoint ranges,
-- since an order number already open is refused (DUPLICATE_ORDER). Each wrk thread numbers its
-- orders from ORDER_BASE + thread * 2^26, so a thread may send 67 M orders.
-- Latency: wrk's own percentiles take one sample per write and then "correct" them assuming one
-- answer per write, which makes them meaningless once a write carries several requests. So this
-- script times every answer itself: from the write that carried its order (or its batch) to the
-- answer, matched by the orderId the answer names, with no correction, as redis-benchmark does.
-- done() prints those percentiles and a line "wrk-result key=value ..." that network.py reads.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } orders_timespec;
int clock_gettime(int clock_id, orders_timespec *tp);
]]
local timespec = ffi.new("orders_timespec")
local CLOCK_MONOTONIC = 1

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1e6 + tonumber(timespec.tv_nsec) / 1e3
end

-- Three significant digits: a histogram of at most a few thousand buckets however long the run.
local function bucket(us)
  if us < 1000 then return math.floor(us) end
  local step = 10 ^ (math.floor(math.log10(us)) - 2)
  return math.floor(us / step) * step
end

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  key = os.getenv("OMNISTOCK_KEY")
  skus = tonumber(os.getenv("SKUS") or "100")
  locations = tonumber(os.getenv("LOCATIONS") or "100")
  mode = os.getenv("MODE") or "routed"
  depth = tonumber(os.getenv("DEPTH") or "1")
  batch = tonumber(os.getenv("BATCH") or "0")
  idempotency_keys = os.getenv("IDEMPOTENCY_KEYS") == "1"
  first_id = tonumber(os.getenv("ORDER_BASE") or "0") + (tid or 0) * 67108864
  math.randomseed((tid or 0) + 1)
  rejected = 0
  accepted = 0
  sent = {}        -- orderId -> when the write carrying it was made (µs)
  latency_us = {}  -- bucket -> answers
  untimed = 0      -- answers naming no order we sent
  reasons = {}     -- reason code (or HTTP status) -> orders not accepted for it
  headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}
end

local function next_order()
  counter = counter + 1
  local id = first_id + counter
  if mode == "flash" then
    return id, string.format('{"orderId":%d,"type":"pickup","pickupLocation":"L0","lines":[{"sku":"HOT","quantity":1}]}', id)
  elseif mode == "basket" then
    local first = math.random(0, skus - 3)
    return id, string.format('{"orderId":%d,"type":"pickup","pickupLocation":"L%d","lines":[' ..
      '{"sku":"SKU-%d","quantity":1},{"sku":"SKU-%d","quantity":1},{"sku":"SKU-%d","quantity":1}]}',
      id, math.random(0, locations - 1), first, first + 1, first + 2)
  end
  return id, string.format('{"orderId":%d,"type":"regular","lat":31.%04d,"lon":121.47,"lines":[{"sku":"SKU-%d","quantity":1}]}',
    id, counter % 2000, counter % skus)
end

local function one_order(written_us)
  local id, body = next_order()
  sent[id] = written_us
  if idempotency_keys then
    headers["Idempotency-Key"] = "o" .. id
  end
  return wrk.format("POST", "/v1/orders", headers, body)
end

local function one_batch(written_us)
  local elements = {}
  for i = 1, batch do
    local id, body = next_order()
    if i == 1 then sent[id] = written_us end
    elements[i] = '{"method":"POST","path":"/v1/orders","idempotencyKey":"b' .. id .. '","body":' .. body .. '}'
  end
  return wrk.format("POST", "/v1/batch", headers, "[" .. table.concat(elements, ",") .. "]")
end

-- wrk calls request() just before it writes what it returns.
function request()
  local written_us = now_us()
  if batch > 0 then
    return one_batch(written_us)
  end
  if depth <= 1 then
    return one_order(written_us)
  end
  local requests = {}
  for i = 1, depth do
    requests[i] = one_order(written_us)
  end
  return table.concat(requests)
end

-- Counts orders, not requests: a refused batch refuses all of its orders.
local function complain(orders, text)
  if rejected < 3 then print(text) end
  rejected = rejected + orders
end

-- Tallies why: each error code in the answer (a batch's refused elements each carry one), else the status.
local function tally(status, body, orders)
  local named = 0
  for code in string.gmatch(body, '"code"%s*:%s*"([%u_]+)"') do
    reasons[code] = (reasons[code] or 0) + 1
    named = named + 1
  end
  if named < orders then
    local other = "HTTP_" .. status
    reasons[other] = (reasons[other] or 0) + orders - named
  end
end

-- An answer to an order, or to a batch (whose first result is its first order), names the order.
local function time_answer(body)
  local id = tonumber(string.match(body, '"orderId":(%d+)'))
  local written_us = id and sent[id]
  if not written_us then
    untimed = untimed + 1
    return
  end
  sent[id] = nil
  local b = bucket(now_us() - written_us)
  latency_us[b] = (latency_us[b] or 0) + 1
end

function response(status, headers, body)
  time_answer(body)
  if status ~= 200 and status ~= 201 then
    complain(batch > 0 and batch or 1, "not 200 or 201: " .. status .. " " .. string.sub(body, 1, 300))
    tally(status, body, batch > 0 and batch or 1)
    return
  end
  if batch > 0 then
    local _, ok = string.gsub(body, '"status"%s*:%s*20[01][,}]', "")
    accepted = accepted + ok
    if ok ~= batch then
      complain(batch - ok, string.format("batch: %d of %d elements 200 or 201: %s", ok, batch, string.sub(body, 1, 300)))
      tally(status, body, batch - ok)
    end
  else
    accepted = accepted + 1
  end
end

local function percentiles(histogram, ps)
  local keys, total = {}, 0
  for b, n in pairs(histogram) do
    table.insert(keys, b)
    total = total + n
  end
  table.sort(keys)
  local result = {}
  for i, p in ipairs(ps) do
    local rank, seen = math.max(1, math.ceil(total * p / 100)), 0
    result[i] = 0
    for _, b in ipairs(keys) do
      seen = seen + histogram[b]
      if seen >= rank then result[i] = b break end
    end
  end
  return result, total, keys[#keys] or 0
end

function done(summary, latency, requests)
  local total_rejected, total_accepted, total_untimed, histogram, why = 0, 0, 0, {}, {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("reasons")) do why[code] = (why[code] or 0) + n end
    total_rejected = total_rejected + t:get("rejected")
    total_accepted = total_accepted + t:get("accepted")
    total_untimed = total_untimed + t:get("untimed")
    for b, n in pairs(t:get("latency_us")) do histogram[b] = (histogram[b] or 0) + n end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout
  local p, timed, max = percentiles(histogram, {50, 90, 99, 99.9})
  io.write(string.format("requests %d, orders not accepted %d, errors %d; %d answers timed (%d untimed)\n",
    summary.requests, total_rejected, errors, timed, total_untimed))
  if total_rejected > 0 then
    local parts = {}
    for code, n in pairs(why) do table.insert(parts, code .. " " .. n) end
    table.sort(parts)
    io.write("orders not accepted, by reason: " .. table.concat(parts, ", ") .. "\n")
  end
  io.write(string.format("per answer, from its write: p50 %.0f us, p90 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us\n",
    p[1], p[2], p[3], p[4], max))
  io.write(string.format("wrk-result requests=%d accepted=%d rejected=%d errors=%d seconds=%.3f " ..
    "p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\n", summary.requests, total_accepted, total_rejected, errors,
    summary.duration / 1e6, p[1], p[3], p[4], max))
end
