# First-party targets link formcheck_settings PRIVATE; third-party headers are included as
# SYSTEM so their warnings never break our -Werror build.
add_library(formcheck_settings INTERFACE)
target_compile_options(formcheck_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                    -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                                    -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(FORMCHECK_WERROR)
  target_compile_options(formcheck_settings INTERFACE -Werror)
endif()
if(FORMCHECK_SANITIZE)
  target_compile_options(formcheck_settings INTERFACE -fsanitize=${FORMCHECK_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(formcheck_settings INTERFACE -fsanitize=${FORMCHECK_SANITIZE})
endif()
# Boost.Process v2 without Boost.Filesystem: std::filesystem is enough for us.
target_compile_definitions(formcheck_settings INTERFACE BOOST_PROCESS_USE_STD_FS)
