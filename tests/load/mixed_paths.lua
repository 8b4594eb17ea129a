-- wrk: each connection walks the read endpoints a board, a dashboard and Prometheus use.
local paths = {"/healthz", "/api/v1/status", "/api/v1/obligations?state=overdue", "/metrics", "/board"}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
