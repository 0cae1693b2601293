# A job that holds its sandbox for half a second without using the CPU: the real replays
# (scripts/autoscale-replay.sh, SOURCE=traces/half-second.py) submit it so that service times
# are those of the autoscaling paper's setup (about 500 ms) while six workers still fit on 2 cores.
import time

time.sleep(0.5)
print("hello there")
