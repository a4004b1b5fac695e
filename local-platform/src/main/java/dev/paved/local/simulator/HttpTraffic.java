package dev.paved.local.simulator;

import java.util.List;

/** The mix of status codes a simulated web server answers with: mostly 200, a few 201, 404 and 500. */
final class HttpTraffic {

    /** Codes and their shares, which add up to one. */
    static final List<Integer> CODES = List.of(200, 201, 404, 500);
    static final List<Double> SHARES = List.of(0.93, 0.02, 0.04, 0.01);

    private HttpTraffic() {
    }

    /** The code a request answers with, for a draw in [0, 1). */
    static int codeAt(double draw) {
        double cumulative = 0;
        for (int i = 0; i < CODES.size(); i++) {
            cumulative += SHARES.get(i);
            if (draw < cumulative) {
                return CODES.get(i);
            }
        }
        return CODES.get(CODES.size() - 1);
    }
}
