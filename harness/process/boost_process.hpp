#pragma once
// Boost 1.81's Process v2 with BOOST_PROCESS_USE_STD_FS (so we need no Boost.Filesystem
// library) forgets to include boost/optional.hpp; include it first. Include Process v2
// only through this header.
#include <boost/optional.hpp>
#include <boost/type_traits.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/start_dir.hpp>
#include <boost/process/v2/stdio.hpp>
