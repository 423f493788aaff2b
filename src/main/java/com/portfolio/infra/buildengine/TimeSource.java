package com.portfolio.infra.buildengine;

import java.time.Duration;
import java.time.Instant;

/** Clock and sleep in one place, so tests of polling and back-off run in no time. */
public interface TimeSource {

    Instant now();

    void sleep(Duration duration) throws InterruptedException;

    static TimeSource system() {
        return new TimeSource() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }
}
