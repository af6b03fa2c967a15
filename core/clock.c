/* SPDX-License-Identifier: MIT */
/*
 * clock.c - clock_now_us() of clock.h.
 */
#include <time.h>

#include "clock.h"

int64_t
clock_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
