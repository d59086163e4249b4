-- Alternates the overview page and the performance API, as a room of
-- leaders browsing and a program polling would.
local paths = {"/", "/api/performance?year=2018"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
