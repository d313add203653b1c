# Debian bookworm packages only (scripts/setup.sh installs them); nothing is downloaded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CURL 7.88 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CLI11 2 REQUIRED)
find_package(pugixml REQUIRED)
find_package(Boost 1.81 REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

# httplib's pkg-config file carries its feature macros (OpenSSL, zlib, brotli); the
# Debian build is a shared library, so the macros must match what it was built with.
add_library(formcheck_httplib INTERFACE)
target_link_libraries(formcheck_httplib INTERFACE PkgConfig::HTTPLIB Threads::Threads)
