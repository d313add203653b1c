# First-party targets link formcheck_settings PRIVATE; third-party headers are included as
# SYSTEM so their warnings never break our -Werror build.
add_library(formcheck_settings INTERFACE)
# -Wnull-dereference is left out: at -O2 it reports false positives inside inlined Boost.Asio code.
target_compile_options(formcheck_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                    -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                                    -Wformat=2 -Wimplicit-fallthrough)
if(FORMCHECK_WERROR)
  target_compile_options(formcheck_settings INTERFACE -Werror)
endif()
if(FORMCHECK_SANITIZE)
  target_compile_options(formcheck_settings INTERFACE -fsanitize=${FORMCHECK_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(formcheck_settings INTERFACE -fsanitize=${FORMCHECK_SANITIZE})
endif()
if(FORMCHECK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FORMCHECK_FUZZ needs clang (libFuzzer): use the fuzz preset")
  endif()
  # Coverage instrumentation for the library; the fuzz executables add -fsanitize=fuzzer.
  target_compile_options(formcheck_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()
# Boost.Process v2 without Boost.Filesystem: std::filesystem is enough for us.
target_compile_definitions(formcheck_settings INTERFACE BOOST_PROCESS_USE_STD_FS)
