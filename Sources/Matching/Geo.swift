#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Great-circle ("hemelsbreed") distance in kilometres between two WGS84 points (haversine,
/// mean Earth radius 6371.0088 km).
public func greatCircleKilometres(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
    let radians = Double.pi / 180
    let dLat = (lat2 - lat1) * radians
    let dLon = (lon2 - lon1) * radians
    let a = sin(dLat / 2) * sin(dLat / 2)
        + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * 6371.0088 * asin(min(1, a.squareRoot()))
}
