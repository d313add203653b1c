# Install rules and the Debian package.
#
#   cmake --install <build> --prefix P   → P/bin: formcheck, formcheck-supervise, the stand-ins
#                                          P/share/formcheck: suites/, fixtures/payloads/, fixtures/configs/
#   cpack --config <build>/CPackConfig.cmake → formcheck_<version>_amd64.deb (scripts/package.sh)
#
# The layout is fixed (bin/ and share/formcheck/, not GNUInstallDirs' variables): the binary
# finds its data at ../share/formcheck from its own folder (harness/util/data_dir.hpp).

set(formcheck_programs formcheck formcheck-supervise)
# The stand-ins make `formcheck demo` work anywhere formcheck is installed.
foreach(standin formcheck-twilio-emulator formcheck-contact-site formcheck-vercel-standin)
  if(TARGET ${standin})
    list(APPEND formcheck_programs ${standin})
  endif()
endforeach()
install(TARGETS ${formcheck_programs} RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/suites/ DESTINATION share/formcheck/suites FILES_MATCHING PATTERN "*.json")
# The passthrough suite names its corpus as ../fixtures/payloads/…, so the source layout is kept.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fixtures/payloads ${PROJECT_SOURCE_DIR}/fixtures/configs
        DESTINATION share/formcheck/fixtures)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/formcheck)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME formcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "formcheck")
set(CPACK_PACKAGE_CONTACT "formcheck maintainers <formcheck@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "formcheck submits a website's contact form on local, preview and production targets and reads the
Twilio REST API logs to prove the WhatsApp message reached staff: sender, recipient, every field,
latency and rate limit. It writes JUnit XML for CI and ships local stand-ins (a Twilio API emulator
and a reference contact site) so `formcheck demo` runs without a Twilio account.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # formcheck_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from the binaries (dpkg-shlibdeps); HTTPS to Twilio needs the CA store.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
# The browser mode drives Chromium through chromedriver; everything else works without them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "chromium, chromium-driver")
include(CPack)
