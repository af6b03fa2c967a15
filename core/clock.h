/* SPDX-License-Identifier: MIT */
/*
 * clock.h - the wall clock, read in one place: the time of a run (custody
 * records) and progress rates.  Reports never read it.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* UTC microseconds since the epoch, now. */
int64_t	clock_now_us(void);

#endif
