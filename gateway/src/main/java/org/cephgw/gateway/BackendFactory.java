package org.cephgw.gateway;

import org.cephgw.fsal.Filesystem;
import org.cephgw.gateway.config.ExportConfig;

/** Opens the back end serving one export (tests substitute their own). */
@FunctionalInterface
public interface BackendFactory {
    Filesystem open(ExportConfig export) throws Exception;
}
