-- wrk script: GET the request paths listed in a file (one per line), in turn, each thread starting at its
-- own offset. Requests are formatted once in init(), so the per-request cost in wrk is a table lookup,
-- the same for every target it is pointed at.
--
--   wrk -t2 -c64 -d20s -s rotate.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- Servers are compared with the same script: a static server gets a file that lists its one path.

local requests = {}
local next_index = 1
local thread_count = 0

function setup(thread)
   thread:set("offset", thread_count * 7919)
   thread_count = thread_count + 1
end

function init(args)
   local file = args[1]
   if file == nil then
      error("usage: wrk -s rotate.lua URL -- PATHS_FILE")
   end
   local f = assert(io.open(file, "r"))
   for line in f:lines() do
      if #line > 0 then
         requests[#requests + 1] = wrk.format("GET", line)
      end
   end
   f:close()
   if #requests == 0 then
      error("no request paths in " .. file)
   end
   next_index = ((tonumber(wrk.thread:get("offset")) or 0) % #requests) + 1
end

function request()
   local r = requests[next_index]
   next_index = next_index + 1
   if next_index > #requests then
      next_index = 1
   end
   return r
end
