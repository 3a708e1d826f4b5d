-- wrk script: POST one case to /api/v1/advise (bench/bench.py --only http)
wrk.method = "POST"
wrk.body = '{"steps":[{"role":"nurse","channel":"digital"},{"role":"doctor","channel":"digital","day":"other"}],"date":"2023-09-01"}'
wrk.headers["Content-Type"] = "application/json"
