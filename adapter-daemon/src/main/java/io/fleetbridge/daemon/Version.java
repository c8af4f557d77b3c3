package io.fleetbridge.daemon;

/** The product version, from the jar's manifest when packaged. */
final class Version
{
    private Version()
    {
    }

    static String current()
    {
        final String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
