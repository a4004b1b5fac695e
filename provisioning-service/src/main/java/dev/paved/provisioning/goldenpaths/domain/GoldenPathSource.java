package dev.paved.provisioning.goldenpaths.domain;

import java.util.List;

/**
 * Golden path versions that ship with the service: stored at every startup unless already there
 * (a stored version is never changed, deprecation included).
 */
public interface GoldenPathSource {

    List<GoldenPathVersion> versions();
}
