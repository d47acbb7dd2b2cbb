package betterbot.storage.internal;

import betterbot.storage.StoreConfig;
import java.nio.file.Path;

/** Run in a child JVM by {@link CrashSafetyTest}: stores signals forever, printing each id once committed. */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) {
        SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(Path.of(args[0])));
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; ; i++) {
            if (store.store(TestSignals.whale(i)).isPresent()) {
                System.out.println("committed whale_trade:" + i);
                System.out.flush();
            }
        }
    }
}
