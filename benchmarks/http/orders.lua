-- wrk script: route-and-reserve requests (POST /v1/orders), a unique order number per request.
-- OMNISTOCK_KEY: an API key with the orders scope. MODE:
--   routed  one-line regular orders routed over the network (SKUS SKU codes SKU-0..)
--   flash   a flash sale: 1 unit of SKU HOT collected at L0 (as in benchmarks/peers.sh)
--   basket  3-line orders, 1 unit each of 3 consecutive SKUs, collected at one of LOCATIONS stores
-- BATCH=N (N > 0): each request is a POST /v1/batch of N such orders (a JSON array); response()
-- counts the elements answered other than 200.
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
  math.randomseed(tid + 1)
  rejected = 0
  batch = tonumber(os.getenv("BATCH") or "0")
  headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}
end

function request()
  if batch > 0 then
    local elements = {}
    for i = 1, batch do
      elements[i] = '{"path":"/v1/orders","body":' .. order() .. '}'
    end
    return wrk.format("POST", "/v1/batch", headers, "[" .. table.concat(elements, ",") .. "]")
  end
  return wrk.format("POST", "/v1/orders", headers, order())
end

function order()
  counter = counter + 1
  local id = tid * 1000000000 + counter
  local body
  if mode == "flash" then
    body = string.format('{"orderId":%d,"type":"pickup","pickupLocation":"L0","lines":[{"sku":"HOT","quantity":1}]}', id)
  elseif mode == "basket" then
    local first = math.random(0, skus - 3)
    body = string.format('{"orderId":%d,"type":"pickup","pickupLocation":"L%d","lines":[' ..
      '{"sku":"SKU-%d","quantity":1},{"sku":"SKU-%d","quantity":1},{"sku":"SKU-%d","quantity":1}]}',
      id, math.random(0, locations - 1), first, first + 1, first + 2)
  else
    body = string.format('{"orderId":%d,"type":"regular","lat":31.%04d,"lon":121.47,"lines":[{"sku":"SKU-%d","quantity":1}]}',
      id, counter % 2000, counter % skus)
  end
  return body
end

function response(status, headers, body)
  if status ~= 200 then
    rejected = rejected + 1
    if rejected <= 3 then print("non-200: " .. status .. " " .. body) end
  elseif batch > 0 then
    for element in body:gmatch('{"status":(%d+)') do
      if element ~= "200" then
        rejected = rejected + 1
        if rejected <= 3 then print("element non-200: " .. element .. " " .. body:sub(1, 300)) end
      end
    end
  end
end

function done(summary, latency, requests)
  local total_rejected = 0
  for _, t in ipairs(threads) do total_rejected = total_rejected + t:get("rejected") end
  io.write(string.format("requests %d, non-200 %d, errors %d\n", summary.requests, total_rejected,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.0f us\n", p, latency:percentile(p)))
  end
  io.write(string.format("max %.0f us\n", latency.max))
end
