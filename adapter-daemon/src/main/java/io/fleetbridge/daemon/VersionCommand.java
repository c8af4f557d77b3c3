package io.fleetbridge.daemon;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code version}: the product, Java and NATS client versions, one per line. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Prints the version of fleetbridge, of the Java runtime and of the NATS client.")
final class VersionCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        System.out.println("fleetbridge adapter-daemon " + Version.current());
        System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("jnats " + io.nats.client.Nats.CLIENT_VERSION);
        return 0;
    }
}
